import type { Knex } from 'knex';
import type { Db } from '../db';
import type { KeySpan } from '../../core/selection/ledger-spans';
import type { PartitionHistory } from '../../core/status/partition-status';
import { LEDGER_TABLE } from '../rows';

/**
 * What the ledger holds of every partition of one asset: its newest success
 * (with the code version and input versions it was computed from) and a newer
 * failure, if any, within `span`. Two index scans per asset, whatever the number of attempts.
 * Writes still held by an unpublished shadow are not production's: left out.
 */
export async function readPartitionHistories(
  { knex }: { knex: Db },
  asset: string,
  span: KeySpan = 'all',
): Promise<Map<string, PartitionHistory>> {
  // Only the keys a selection reads (ledger-spans.ts): the index on (asset, partition_key) serves the range.
  const within = (query: Knex.QueryBuilder) => {
    if (span === 'all') return query;
    if (span.from !== undefined) query.where('partition_key', '>=', span.from);
    if (span.to !== undefined) query.where('partition_key', '<=', span.to);
    return query;
  };
  const successes = (await within(knex(LEDGER_TABLE))
    .distinctOn('partition_key')
    .select('partition_key', 'id', 'code_version', 'upstream_versions')
    .where({ asset, status: 'succeeded' })
    .whereNull('shadow_of')
    .orderBy([{ column: 'partition_key' }, { column: 'id', order: 'desc' }])) as Array<{
    partition_key: string;
    id: string;
    code_version: string;
    upstream_versions: Record<string, string>;
  }>;
  const failures = (await within(knex(LEDGER_TABLE))
    .distinctOn('partition_key')
    .select('partition_key', 'id', 'error')
    .where({ asset, status: 'failed' })
    .whereNull('shadow_of')
    .orderBy([{ column: 'partition_key' }, { column: 'id', order: 'desc' }])) as Array<{
    partition_key: string;
    id: string;
    error: string | null;
  }>;

  const histories = new Map<string, PartitionHistory>();
  for (const s of successes) {
    histories.set(s.partition_key, {
      lastSuccess: { ledgerId: String(s.id), codeVersion: s.code_version, upstreamVersions: s.upstream_versions },
    });
  }
  for (const f of failures) {
    const history = histories.get(f.partition_key) ?? {};
    // Ids grow with time: a failure only counts when it came after the newest success.
    if (history.lastSuccess && BigInt(history.lastSuccess.ledgerId) > BigInt(f.id)) continue;
    histories.set(f.partition_key, { ...history, laterFailure: { error: f.error ?? 'unknown error' } });
  }
  return histories;
}
