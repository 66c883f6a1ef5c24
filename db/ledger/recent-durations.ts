import type { Knex } from 'knex';
import { LEDGER_TABLE } from '../rows';

/** How long one asset's partitions took recently. */
export interface AssetDurations {
  /** Mean of the most recent successful materializations, in ms. */
  meanMs: number;
  samples: number;
}

/** Materializations considered per asset: recent ones say most about the next run. */
const RECENT = 100;

/**
 * Mean duration a partition of each asset's last successful materializations;
 * assets without any are absent. Partitions materialized together (a
 * `singleRun` run: one transaction, ledger rows with its times) each count
 * their share of the run.
 */
export async function recentDurations(
  { knex }: { knex: Knex | Knex.Transaction },
  assets: string[],
): Promise<Record<string, AssetDurations>> {
  if (assets.length === 0) return {};
  const { rows } = (await knex.raw(
    `SELECT asset, count(*)::int AS samples,
            avg(extract(epoch FROM finished_at - started_at) * 1000 / in_run)::float AS mean_ms
       FROM (SELECT asset, started_at, finished_at,
                    count(*) OVER (PARTITION BY workflow_id, run_id, attempt) AS in_run,
                    row_number() OVER (PARTITION BY asset ORDER BY id DESC) AS recent
               FROM ${LEDGER_TABLE}
              WHERE status = 'succeeded' AND finished_at IS NOT NULL AND asset = ANY(?)) latest
      WHERE recent <= ?
      GROUP BY asset`,
    [assets, RECENT],
  )) as { rows: Array<{ asset: string; samples: number; mean_ms: number }> };
  return Object.fromEntries(rows.map((r) => [r.asset, { meanMs: r.mean_ms, samples: r.samples }]));
}
