import type { Db } from '../db';
import { rawRows } from '../raw-rows';
import { LEDGER_TABLE } from '../rows';

/** How long one asset's partitions took recently. */
export interface AssetDurations {
  /** Mean of the most recent successful materializations, in ms. */
  meanMs: number;
  samples: number;
  /**
   * How many partition runs of their backfill were running, on average, halfway
   * through each of them (themselves included): the contention they were measured under.
   */
  runningAtOnce?: number;
}

/** Materializations considered per asset: recent ones say most about the next run. */
const RECENT = 100;

/** How far around a sample (in ledger ids) runs are looked for that ran beside it: bounds the look on long backfills. */
const NEIGHBOURS = 2_000;

/**
 * Mean duration a partition of each asset's last successful materializations,
 * and how many ran at once meanwhile; assets without any are absent.
 * Partitions materialized together (a `singleRun` run: one transaction,
 * ledger rows with its times) each count their share of the run, and as one run.
 */
export async function recentDurations(
  { knex }: { knex: Db },
  assets: string[],
): Promise<Record<string, AssetDurations>> {
  if (assets.length === 0) return {};
  const rows = await rawRows<{ asset: string; samples: number; mean_ms: number; running: number }>(
    knex,
    `SELECT latest.asset, count(*)::int AS samples, avg(latest.ms)::float AS mean_ms, avg(beside.runs)::float AS running
       FROM (SELECT id, asset, backfill_id, started_at + (finished_at - started_at) / 2 AS midway,
                    extract(epoch FROM finished_at - started_at) * 1000
                      / count(*) OVER (PARTITION BY workflow_id, run_id, attempt) AS ms,
                    row_number() OVER (PARTITION BY asset ORDER BY id DESC) AS recent
               FROM ${LEDGER_TABLE}
              WHERE status = 'succeeded' AND finished_at IS NOT NULL AND asset = ANY(?)) latest
      CROSS JOIN LATERAL (
             SELECT count(DISTINCT (o.workflow_id, o.run_id, o.attempt)) AS runs
               FROM ${LEDGER_TABLE} o
              WHERE o.id BETWEEN latest.id - ? AND latest.id + ?
                AND o.backfill_id IS NOT DISTINCT FROM latest.backfill_id
                AND o.started_at <= latest.midway AND o.finished_at > latest.midway) beside
      WHERE latest.recent <= ?
      GROUP BY latest.asset`,
    [assets, NEIGHBOURS, NEIGHBOURS, RECENT],
  );
  return Object.fromEntries(rows.map((r) => [r.asset, { meanMs: r.mean_ms, samples: r.samples, runningAtOnce: Math.max(1, r.running) }]));
}
