/** Durations given as milliseconds or as text such as `'10 minutes'`. */

const UNIT_MS: Record<string, number> = {
  ms: 1, millisecond: 1, milliseconds: 1,
  s: 1_000, second: 1_000, seconds: 1_000,
  m: 60_000, minute: 60_000, minutes: 60_000,
  h: 3_600_000, hour: 3_600_000, hours: 3_600_000,
};
const DURATION = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/;

/**
 * Milliseconds of `spec`: a number of milliseconds, digits alone
 * (milliseconds), or a number with a unit (`ms`, `s`, `m`, `h`, or the
 * words: `'90 seconds'`, `'10 minutes'`).
 * @returns undefined when `spec` is none of these, or not above zero.
 */
export function durationMs(spec: number | string): number | undefined {
  if (typeof spec === 'number') return Number.isFinite(spec) && spec > 0 ? spec : undefined;
  const match = DURATION.exec(spec.trim().toLowerCase());
  if (!match) return undefined;
  const unitMs = match[2] === '' ? 1 : UNIT_MS[match[2]!];
  if (unitMs === undefined) return undefined;
  const ms = Number(match[1]) * unitMs;
  return Number.isFinite(ms) && ms > 0 ? ms : undefined;
}
