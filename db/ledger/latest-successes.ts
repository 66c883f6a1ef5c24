import type { Db } from '../db';
import type { InputSelection } from '../../core/run/partition-inputs';
import { LEDGER_TABLE } from '../rows';


/**
 * The newest succeeded materialization id of each selected partition,
 * keyed `asset/key`. Partitions never materialized are absent. Production's
 * successes only, or with `shadowOf`, also those of that backfill's shadow
 * (what a shadow partition reads).
 */
export async function latestSuccesses(
  { knex }: { knex: Db },
  selections: readonly InputSelection[],
  shadowOf?: string,
): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  // One statement for every selection: a partition's inputs cost one round trip.
  const queries = selections
    .filter(({ keys }) => keys === 'all' || keys.length > 0)
    .map(({ asset, keys }) => {
      const query = knex(LEDGER_TABLE)
        .select(knex.raw('?::text AS asset', [asset]), 'partition_key')
        .max({ id: 'id' })
        .where({ asset, status: 'succeeded' })
        .where((q) => {
          if (shadowOf === undefined) q.whereNull('shadow_of');
          else q.whereNull('shadow_of').orWhere('shadow_of', shadowOf);
        })
        .groupBy('partition_key');
      return keys === 'all' ? query : query.whereIn('partition_key', keys);
    });
  if (queries.length === 0) return found;
  const all = queries.length === 1 ? queries[0]! : knex.unionAll(queries, true);
  for (const row of (await all) as Array<{ asset: string; partition_key: string; id: string }>) {
    found.set(`${row.asset}/${row.partition_key}`, String(row.id));
  }
  return found;
}
