/** Durations as users write them: milliseconds, or text such as `'5 seconds'` or `'10 minutes'`. */

/** A duration in milliseconds or as text such as `'5 seconds'`. */
export type DurationSpec = number | string;

/** The text form: a number and a unit (any case). */
export const DURATION = /^\d+(\.\d+)?\s*(ms|milliseconds?|s|seconds?|m|minutes?|h|hours?)$/i;

const UNIT_MS: Record<string, number> = {
  ms: 1,
  millisecond: 1,
  milliseconds: 1,
  s: 1_000,
  second: 1_000,
  seconds: 1_000,
  m: 60_000,
  minute: 60_000,
  minutes: 60_000,
  h: 3_600_000,
  hour: 3_600_000,
  hours: 3_600_000,
};

/** The duration in milliseconds; undefined unless a positive finite number or text matching `DURATION`. */
export function durationMs(spec: unknown): number | undefined {
  if (typeof spec === 'number') return Number.isFinite(spec) && spec > 0 ? spec : undefined;
  if (typeof spec !== 'string') return undefined;
  const match = DURATION.exec(spec.trim());
  if (!match) return undefined;
  const ms = Number.parseFloat(spec.trim()) * UNIT_MS[match[2]!.toLowerCase()]!;
  return Number.isFinite(ms) && ms > 0 ? ms : undefined;
}
