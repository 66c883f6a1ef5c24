/**
 * What the plan's estimate reads from the ledger, on a real database: each
 * asset's mean duration a partition, and how many partition runs of the same
 * backfill ran beside each sample (a `singleRun` run's rows counted once).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recentDurations } from '../../db/ledger/recent-durations';
import { migrate } from '../../db/migrate';
import { LEDGER_TABLE } from '../../db/rows';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';

let database: TestDatabase;
const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms);

/** A succeeded ledger row of `asset`, from `from` to `to` ms. */
const row = (asset: string, key: string, backfillId: string, run: string, from: number, to: number) => ({
  asset,
  partition_key: key,
  code_version: 'v1',
  upstream_versions: {},
  status: 'succeeded',
  row_count: 1,
  started_at: at(from),
  finished_at: at(to),
  workflow_id: `${backfillId}/${asset}/${run}`,
  run_id: 'r',
  backfill_id: backfillId,
  attempt: 1,
});

beforeAll(async () => {
  database = await createTestDatabase();
  await migrate(database.db);
  await database.db(LEDGER_TABLE).insert([
    // Four runs of `wide` side by side, 200 ms each.
    ...[1, 2, 3, 4].map((n) => row('wide', `d${n}`, 'b1', `d${n}`, 0, 200)),
    // `alone`: one after another, 100 ms each, in another backfill.
    ...[1, 2, 3].map((n) => row('alone', `d${n}`, 'b2', `d${n}`, n * 1_000, n * 1_000 + 100)),
    // `ranged`: one run of three partitions (one transaction: 300 ms, 100 a partition), beside one `alone2` partition.
    ...['d1', 'd2', 'd3'].map((key) => row('ranged', key, 'b3', 'd1..d3', 0, 300)),
    row('alone2', 'd1', 'b3', 'd1', 100, 200),
  ]);
});
afterAll(async () => database?.drop());

describe('recentDurations', () => {
  it('gives each asset its mean a partition and how many runs of its backfill ran beside it', async () => {
    const durations = await recentDurations({ knex: database.db }, ['wide', 'alone', 'ranged', 'alone2', 'never']);
    expect(durations).toEqual({
      wide: { meanMs: 200, samples: 4, runningAtOnce: 4 },
      alone: { meanMs: 100, samples: 3, runningAtOnce: 1 },
      ranged: { meanMs: 100, samples: 3, runningAtOnce: 2 },
      alone2: { meanMs: 100, samples: 1, runningAtOnce: 2 },
    });
  });
});
