/** A partition whose materialize throws: reported, contained, and its old rows kept. */
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadAssetsModule } from '../../assets/load-assets-module';
import { RetrofillClient } from '../../client';
import type { BackfillSummary } from '../../core/run/backfill-summary';
import { control } from '../fixtures/failing-assets';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';
import { startTestWorker, type TestWorker } from '../helpers/test-worker';

const REQUEST = { assets: ['source', 'other'], from: '2024-01-01', to: '2024-01-05', downstream: true };

let database: TestDatabase;
let worker: TestWorker;
let client: RetrofillClient;
let summary: BackfillSummary;

beforeAll(async () => {
  database = await createTestDatabase();
  const catalog = await loadAssetsModule(resolve(__dirname, '../fixtures/failing-assets.ts'));
  worker = await startTestWorker({ catalog, db: database.db });
  client = await RetrofillClient.connect({ address: inject('temporalAddress'), taskQueue: worker.taskQueue });
  const first = await (await client.start(REQUEST)).result();
  expect(first.outcome).toBe('completed');
  control.generation = 2;
  control.failKeys.add('2024-01-03');
  // Forced (mode all): every partition is current after the first run.
  summary = await (await client.start({ ...REQUEST, mode: 'all' })).result();
});

afterAll(async () => {
  await client?.close();
  await worker?.stop();
  await database?.drop();
});

const assetSummary = (asset: string) => summary.assets.find((a) => a.asset === asset)!;

describe('a backfill with a failing partition', () => {
  it('completes, reporting the failed partition with its message', () => {
    expect(summary.outcome).toBe('completedWithFailures');
    const source = assetSummary('source');
    expect([source.succeeded, source.failed, source.skipped]).toEqual([4, 1, 0]);
    expect(source.failures).toEqual([{ partition: '2024-01-03', reason: 'source feed for 2024-01-03 is corrupt' }]);
  });

  it('skips the partitions that read it, naming the upstream failure', () => {
    const derived = assetSummary('derived');
    expect([derived.succeeded, derived.failed, derived.skipped]).toEqual([4, 0, 1]);
    expect(derived.skips).toEqual([{ partition: '2024-01-03', reason: 'upstream source/2024-01-03 failed' }]);
  });

  it('still succeeds for the unrelated partitions', () => {
    expect(assetSummary('other')).toMatchObject({ total: 5, succeeded: 5, failed: 0, skipped: 0 });
  });

  it('leaves the failed partition with its old rows, untouched and not half-written', async () => {
    const rows = await database.db('source').select('n', 'generation').where({ day: '2024-01-03' }).orderBy('n');
    expect(rows).toEqual([1, 2, 3].map((n) => ({ n, generation: 1 })));
    const newer = await database.db('source').count({ n: '*' }).where({ generation: 2 });
    expect(Number(newer[0]!.n)).toBe(4 * 3);
    const derivedOld = await database.db('derived').select('generation').where({ day: '2024-01-03' });
    expect(derivedOld).toEqual([{ generation: 1 }]);
  });

  it('records each failed attempt in the ledger with its error', async () => {
    const attempts = await database.db('retrofill_ledger')
      .select('status', 'attempt', 'error')
      .where({ backfill_id: summary.backfillId, asset: 'source', partition_key: '2024-01-03' })
      .orderBy('attempt');
    expect(attempts).toEqual([
      { status: 'failed', attempt: 1, error: 'source feed for 2024-01-03 is corrupt' },
      { status: 'failed', attempt: 2, error: 'source feed for 2024-01-03 is corrupt' },
    ]);
    const skipped = await database.db('retrofill_ledger').where({ backfill_id: summary.backfillId, asset: 'derived', partition_key: '2024-01-03' });
    expect(skipped).toEqual([]);
  });
});
