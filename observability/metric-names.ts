/**
 * The metrics a Retrofill worker exports beside the Temporal SDK's own
 * (docs/observability.md lists them with their labels). Labels are bounded:
 * asset names come from the assets module, outcomes and results from the
 * fixed sets below; no partition key or backfill id is ever a label.
 */
export const RetrofillMetric = {
  /** Counter {asset, kind: first|retry}: partition attempts started (ledger rows opened). */
  attempts: 'retrofill_partition_attempts_total',
  /** Counter {asset, outcome}: partition attempts this worker ended, by the ledger status it wrote. */
  partitions: 'retrofill_partitions_total',
  /** Histogram {asset, outcome} (seconds): how long each attempt took, one observation per ledger row. */
  duration: 'retrofill_materialization_duration_seconds',
  /** Counter {asset}: rows written by succeeded attempts. */
  rows: 'retrofill_rows_written_total',
  /** Histogram {asset} (seconds): each wait of an attempt for its asset's rate limit (`_sum`: the time waited). */
  rateLimitWait: 'retrofill_rate_limit_wait_seconds',
  /** Counter {asset}: partitions selected by backfills as they started (dry runs excluded). */
  planned: 'retrofill_partitions_planned_total',
  /** Counter {asset, result: passed|failed}: quality checks run before publishing. */
  checks: 'retrofill_checks_total',
  /** Counter {asset}: partitions made production by publishing a shadow backfill. */
  published: 'retrofill_published_partitions_total',
  /** Counter: shadow publishes. */
  publishes: 'retrofill_publishes_total',
  /** Counter: rollbacks of published backfills. */
  rollbacks: 'retrofill_rollbacks_total',
  /** Gauge {asset}: partitions being materialized by this worker now. */
  running: 'retrofill_running_partitions',
  /** Gauge {asset} (seconds): now minus the end of the newest materialized partition (its newest materialization for an unpartitioned or static asset). */
  freshness: 'retrofill_asset_freshness_seconds',
} as const;

/** How a partition attempt ended, as its ledger row says. */
export type AttemptOutcome = 'succeeded' | 'failed' | 'abandoned' | 'cancelled';

/** Histogram buckets of materialization durations (seconds): from a cheap SQL partition to a slow external API. */
/** Buckets of rate-limit waits (seconds). */
export const WAIT_BUCKETS_SECONDS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export const DURATION_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];
