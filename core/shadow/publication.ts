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

/** `published 2 assets, 93 partitions: daily_revenue 90 (270 → 270 rows), ...`. */
export function formatPublication(verb: 'published' | 'rolled back', assets: readonly AssetPublication[]): string {
  const partitions = assets.reduce((n, a) => n + a.partitions, 0);
  const lines = assets.map((a) =>
    verb === 'published'
      ? `  ${a.asset}: ${a.partitions} partitions, ${a.rowsReplaced} rows replaced by ${a.rowsPublished}`
      : `  ${a.asset}: ${a.partitions} partitions, ${a.rowsPublished} rows replaced by the ${a.rowsReplaced} from before`,
  );
  return [`${verb} ${assets.length} asset${assets.length === 1 ? '' : 's'}, ${partitions} partitions`, ...lines].join('\n');
}
