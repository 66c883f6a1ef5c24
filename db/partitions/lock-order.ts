/**
 * Per-partition locks in PostgreSQL. Workflow ids keep one partition (or one
 * range) from running twice at once, but two backfills may cover the same
 * partition with different ranges (`singleRun` assets: a range from each, or
 * a range and a lone partition). Every materialization therefore takes a
 * transaction-scoped advisory lock per partition it writes, before deleting
 * anything: the second writer waits until the first commits or rolls back.
 * The locks use the two-key advisory lock space, apart from Retrofill's
 * one-key migration and setup locks.
 */

/** Sorted and unique, so two transactions over overlapping sets never wait on each other in a cycle. */
export function partitionLockOrder(keys: readonly string[]): string[] {
  return [...new Set(keys)].sort();
}
