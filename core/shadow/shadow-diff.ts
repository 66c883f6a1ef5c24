/**
 * What `retrofill diff` reports before a shadow is published: per asset and
 * partition, how the shadow's rows differ from production's. Pure: the
 * counts come from the database, the summary is made here (the text in
 * cli/views/shadow-diff-view.ts).
 */

/** At most this many differing partitions are listed per asset; the totals still count them all. */
export const MAX_LISTED = 1000;

/** How one partition the shadow holds differs from the same partition in production. */
export interface PartitionDiff {
  partition: string;
  /** Rows of the partition in production. */
  rowsBefore: number;
  /** Rows of the partition in the shadow: what publish would put in production. */
  rowsAfter: number;
  /** Shadow rows with no production counterpart. */
  added: number;
  /** Production rows with no shadow counterpart. */
  removed: number;
  /** Rows whose primary key is on both sides with different values (always 0 when whole rows are compared). */
  changed: number;
}

/** The differences of one asset's shadow partitions. */
export interface AssetDiff {
  asset: string;
  /** Partitions held by the shadow. */
  partitions: number;
  /** Of those, partitions with at least one added, removed or changed row. */
  changedPartitions: number;
  rowsBefore: number;
  rowsAfter: number;
  added: number;
  removed: number;
  changed: number;
  /** Only partitions with a difference, oldest first, at most MAX_LISTED. */
  differences: PartitionDiff[];
  /** How the rows were matched: the primary key columns, or [] when whole rows are compared. */
  matchedBy: string[];
}

/** Production against the shadow of one backfill, for every asset it holds partitions of. */
export interface ShadowDiff {
  backfillId: string;
  assets: AssetDiff[];
}

/** True when the partition's shadow rows are not exactly production's. */
export function partitionDiffers(p: PartitionDiff): boolean {
  return p.added > 0 || p.removed > 0 || p.changed > 0;
}

/**
 * Totals of one asset from every partition the shadow holds, in partition
 * order (oldest first); unchanged partitions count in the totals but are not listed.
 */
export function summariseAssetDiff(asset: string, partitions: readonly PartitionDiff[], matchedBy: readonly string[]): AssetDiff {
  const differing = partitions.filter(partitionDiffers);
  const sum = (field: keyof Omit<PartitionDiff, 'partition'>) => partitions.reduce((n, p) => n + p[field], 0);
  return {
    asset,
    partitions: partitions.length,
    changedPartitions: differing.length,
    rowsBefore: sum('rowsBefore'),
    rowsAfter: sum('rowsAfter'),
    added: sum('added'),
    removed: sum('removed'),
    changed: sum('changed'),
    differences: differing.slice(0, MAX_LISTED),
    matchedBy: [...matchedBy],
  };
}
