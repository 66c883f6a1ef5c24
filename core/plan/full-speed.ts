/**
 * Partitions running at once share the worker machine's cores: past their
 * number, each takes longer than it would alone. A duration measured while
 * `running` partitions ran, times this share, is what one takes at full speed.
 */

/**
 * @param capacity how many partitions run at full speed at once (the cores); unknown: no correction
 * @param running how many ran at once while the duration was measured
 * @returns a factor in (0, 1]
 */
export function fullSpeedShare(capacity: number | undefined, running: number | undefined): number {
  if (capacity === undefined || !Number.isFinite(capacity) || capacity <= 0) return 1;
  return Math.min(1, capacity / Math.max(1, running ?? 1));
}
