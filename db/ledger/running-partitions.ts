import type { Db } from '../db';
import { LEDGER_TABLE } from '../rows';

/**
 * Keys of one asset's partitions that an attempt is materializing now (a
 * `running` ledger row), in production or in a shadow. An attempt whose worker
 * vanished stays `running` until its retry takes over (then `abandoned`).
 */
export async function runningPartitions({ knex }: { knex: Db }, asset: string): Promise<Set<string>> {
  const rows = (await knex(LEDGER_TABLE).distinct('partition_key').where({ asset, status: 'running' })) as Array<{ partition_key: string }>;
  return new Set(rows.map((r) => r.partition_key));
}
