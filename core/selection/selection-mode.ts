/**
 * Which partitions of a backfill's targeted range run, judged from the ledger.
 */
export const SelectionMode = {
  /** Never materialized. */
  MISSING: 'missing',
  /** Missing, stale (code or inputs changed since) or failed, and whatever reads them: the default. */
  STALE: 'stale',
  /** Whose last attempt failed, and whatever reads them. */
  FAILED: 'failed',
  /** Every targeted partition, whatever its state (force). */
  ALL: 'all',
} as const;
export type SelectionMode = (typeof SelectionMode)[keyof typeof SelectionMode];

export const SELECTION_MODES = Object.values(SelectionMode) as [SelectionMode, ...SelectionMode[]];
