/** What publishing a shadow backfill did, and what rolling it back did: plain JSON. */

/** One asset's partitions replaced in production. */
export interface AssetPublication {
  asset: string;
  /** Partitions replaced. */
  partitions: number;
  /** Production rows of those partitions before publish (kept for rollback). */
  rowsReplaced: number;
  /** Rows the shadow put in their place. */
  rowsPublished: number;
}

/** The result of publishing a shadow backfill. */
export interface Publication {
  backfillId: string;
  publishedAt: string;
  /** Until when `rollback` can restore the replaced rows. */
  keepReplacedUntil: string;
  /** How long the publish transaction took, waiting for locks included. */
  ms: number;
  assets: AssetPublication[];
}

/** The result of rolling a published backfill back. */
export interface Rollback {
  backfillId: string;
  rolledBackAt: string;
  /** Per asset: `rowsPublished` rows removed, `rowsReplaced` rows restored. */
  assets: AssetPublication[];
}
