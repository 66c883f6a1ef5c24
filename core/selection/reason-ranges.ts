/**
 * When two adjacent partitions' reasons say the same thing about different
 * inputs, one reason for both: how `plan`, the plan report and `status --asset`
 * collapse thousands of partitions into a few lines.
 */

/** A reason that names one upstream partition (`upstream raw/2024-03-02 changed`). */
const ONE_UPSTREAM = /^upstream ([^/\s]+)\/\S+ (changed|is rebuilt by this backfill)(?: \(and \d+ more\))?$/;
const UPSTREAM_REBUILT = /^upstream (\S+) partitions are rebuilt by this backfill$/;
const UPSTREAM_CHANGED = /^upstream (\S+) partitions changed$/;
const INPUTS_REBUILT = /^inputs rebuilt by this backfill: (.+)$/;
const PREVIOUS = 'its previous partition';

/** The upstream asset whose partitions a reason says changed, or undefined for another reason. */
function changedInput(reason: string): string | undefined {
  const one = ONE_UPSTREAM.exec(reason);
  return one ? (one[2] === 'changed' ? one[1] : undefined) : UPSTREAM_CHANGED.exec(reason)?.[1];
}

/** The inputs a reason says this backfill rebuilds (`upstream raw`, `its previous partition`), or undefined for another reason. */
function rebuiltInputs(reason: string): string[] | undefined {
  const one = ONE_UPSTREAM.exec(reason) ?? UPSTREAM_REBUILT.exec(reason);
  if (one) return one[2] === 'changed' ? undefined : [`upstream ${one[1]}`];
  if (reason === `${PREVIOUS} is rebuilt by this backfill`) return [PREVIOUS];
  return INPUTS_REBUILT.exec(reason)?.[1]!.split(', ');
}

/**
 * One reason for two adjacent partitions' reasons of the same kind, or
 * undefined when they differ in kind. Inputs that changed collapse per
 * upstream asset (`upstream raw partitions changed`); inputs this backfill
 * rebuilds collapse whatever they are, so a cumulative chain reads as one run
 * (`inputs rebuilt by this backfill: upstream raw, its previous partition`).
 */
export function mergedReason(a: string, b: string): string | undefined {
  if (a === b) return a;
  const changed = changedInput(a);
  if (changed !== undefined) return changed === changedInput(b) ? `upstream ${changed} partitions changed` : undefined;
  const [inputsA, inputsB] = [rebuiltInputs(a), rebuiltInputs(b)];
  if (!inputsA || !inputsB) return undefined;
  // Upstream assets first, then the partition's own past.
  const inputs = [...new Set([...inputsA, ...inputsB])].sort((x, y) => Number(x === PREVIOUS) - Number(y === PREVIOUS) || x.localeCompare(y));
  if (inputs.length > 1) return `inputs rebuilt by this backfill: ${inputs.join(', ')}`;
  return inputs[0] === PREVIOUS ? `${PREVIOUS} is rebuilt by this backfill` : `${inputs[0]} partitions are rebuilt by this backfill`;
}

/** Consecutive partitions sharing a status and a kind of reason. */
interface ReasonRange<S extends string> {
  from: string;
  to: string;
  count: number;
  status: S;
  reason: string;
}

/**
 * Adds a partition to the last range when it continues it (`continues`: it
 * follows that range's last partition) with the same status and a reason that
 * merges; otherwise opens a range, while fewer than `max` are open.
 * @returns false when the partition was left out: `max` ranges are open.
 */
export function extendRanges<S extends string>(ranges: Array<ReasonRange<S>>, p: { key: string; status: S; reason: string }, continues: boolean, max: number): boolean {
  const last = ranges[ranges.length - 1];
  const merged = continues && last && last.status === p.status ? mergedReason(last.reason, p.reason) : undefined;
  if (last && merged !== undefined) {
    // The same kind, about other partitions: the range says what they share.
    last.reason = merged;
    last.to = p.key;
    last.count++;
    return true;
  }
  if (ranges.length >= max) return false;
  ranges.push({ from: p.key, to: p.key, count: 1, status: p.status, reason: p.reason });
  return true;
}
