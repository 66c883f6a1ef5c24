/**
 * The state of one partition as the ledger tells it: missing, materialized,
 * stale (its code changed, or an input it read was rewritten since) or
 * failed, with the reason a person reads in `plan` and `status`.
 */

export const PartitionStatus = {
  MISSING: 'missing',
  MATERIALIZED: 'materialized',
  STALE: 'stale',
  FAILED: 'failed',
} as const;
export type PartitionStatus = (typeof PartitionStatus)[keyof typeof PartitionStatus];

/** A succeeded materialization: its ledger id, code version and the versions of the inputs it read. */
export interface MaterializationRecord {
  ledgerId: string;
  codeVersion: string;
  /** `asset/key` → ledger id of the input partition's materialization that was read. */
  upstreamVersions: Record<string, string>;
}

/** What the ledger holds of one partition. */
export interface PartitionHistory {
  /** The newest succeeded materialization. */
  lastSuccess?: MaterializationRecord;
  /** The newest finished attempt that did not succeed, when it came after `lastSuccess`. */
  laterFailure?: { error: string };
}

export interface PartitionStatusInput {
  /** The asset's code version now. */
  codeVersion: string;
  history: PartitionHistory;
  /** The inputs it reads now (`asset/key`), with the ledger id of their newest success (undefined: none). */
  inputs: ReadonlyArray<{ label: string; current: string | undefined }>;
}

export interface PartitionStatusResult {
  status: PartitionStatus;
  /** Why, in a person's words; empty for materialized partitions. */
  reason: string;
}

export function partitionStatus({ codeVersion, history, inputs }: PartitionStatusInput): PartitionStatusResult {
  if (history.laterFailure) return { status: 'failed', reason: `failed: ${history.laterFailure.error}` };
  const done = history.lastSuccess;
  if (!done) return { status: 'missing', reason: 'never materialized' };
  if (done.codeVersion !== codeVersion) {
    return { status: 'stale', reason: `code version ${codeVersion} ≠ ${done.codeVersion} it was materialized with` };
  }
  const changed = inputs.filter((i) => i.current !== undefined && i.current !== done.upstreamVersions[i.label]);
  if (changed.length > 0) {
    const more = changed.length > 1 ? ` (and ${changed.length - 1} more)` : '';
    return { status: 'stale', reason: `upstream ${changed[0]!.label} changed${more}` };
  }
  return { status: 'materialized', reason: '' };
}
