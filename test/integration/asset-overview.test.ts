/**
 * The read-only views the console is built on, through the real servers:
 * `assets()` (every asset's counts by status), `assetStatus` (which
 * partitions run now) and `partition()` (one partition's attempts), each
 * equal to what the ledger holds.
 */
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadAssetsModule } from '../../assets/load-assets-module';
import { BackfillFailedError, InvalidStatusRequestError, RetrofillClient } from '../../client';
import { control } from '../fixtures/steering-assets';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';
import { startTestWorker, type TestWorker } from '../helpers/test-worker';
import { waitFor } from '../helpers/wait-for';

let database: TestDatabase;
let worker: TestWorker;
let client: RetrofillClient;

beforeAll(async () => {
  database = await createTestDatabase();
  const catalog = await loadAssetsModule(resolve(__dirname, '../fixtures/steering-assets.ts'));
  worker = await startTestWorker({ catalog, db: database.db });
  client = await RetrofillClient.connect({ address: inject('temporalAddress'), taskQueue: worker.taskQueue });
});

afterAll(async () => {
  control.sleepSeconds = 0;
  await client?.close();
  await worker?.stop();
  await database?.drop();
});

const succeededKeys = async (asset: string): Promise<string[]> =>
  (await database.db('retrofill_ledger').distinct('partition_key').where({ asset, status: 'succeeded' }).orderBy('partition_key')).map(
    (r: { partition_key: string }) => r.partition_key,
  );

describe('reading the ledger for the console', () => {
  it('counts every asset by status, equal to the ledger, with its upstreams and partitioning', async () => {
    await (await client.start({ assets: ['slow_days'], from: '2024-01-01', to: '2024-01-03', mode: 'all' })).result();
    const overview = await client.assets();
    const slow = overview.assets.find((a) => a.name === 'slow_days')!;
    const materialized = await succeededKeys('slow_days');
    expect(materialized).toEqual(['2024-01-01', '2024-01-02', '2024-01-03']);
    expect(slow.counts.materialized).toBe(materialized.length);
    expect(slow.counts.total).toBe(slow.counts.materialized + slow.counts.missing + slow.counts.stale + slow.counts.failed);
    expect(slow.counts.running).toBe(0);
    expect(slow).toMatchObject({ deps: [], partitions: { kind: 'time', granularity: 'daily' }, dependsOnPast: false });
    expect(overview.assets.map((a) => a.name).sort()).toEqual(['generations', 'slow_days']);
  });

  it('tells which partitions run now, then none once they are done', async () => {
    control.sleepSeconds = 4;
    const handle = await client.start({ assets: ['generations'], from: '2024-01-05', to: '2024-01-05', mode: 'all' });
    const status = await waitFor('a running partition', () => client.assetStatus('generations'), (s) => (s.running?.length ?? 0) > 0);
    expect(status.running!.map((i) => status.keys[i])).toEqual(['2024-01-05']);
    expect((await client.assets()).assets.find((a) => a.name === 'generations')!.counts.running).toBe(1);
    control.sleepSeconds = 0;
    await handle.result();
    const after = await client.assetStatus('generations');
    expect(after.running).toEqual([]);
    expect(after.statuses[after.keys.indexOf('2024-01-05')]).toBe('m');
  });

  it('shows one partition with its newest attempts as the ledger recorded them', async () => {
    const detail = await client.partition('slow_days', '2024-01-02');
    const [row] = await database.db('retrofill_ledger').where({ asset: 'slow_days', partition_key: '2024-01-02' }).orderBy('id', 'desc').limit(1);
    expect(detail).toMatchObject({ asset: 'slow_days', key: '2024-01-02', status: 'materialized', reason: '' });
    expect(detail.attempts[0]).toMatchObject({
      ledgerId: String(row.id),
      status: 'succeeded',
      rows: Number(row.row_count),
      codeVersion: row.code_version,
      workflowId: row.workflow_id,
      backfillId: row.backfill_id,
    });
    expect(detail.attempts[0]!.durationMs).toBe(row.finished_at.getTime() - row.started_at.getTime());
    const missing = await client.partition('slow_days', '2024-02-01');
    expect(missing).toMatchObject({ status: 'missing', reason: 'never materialized', attempts: [] });
  });

  it('refuses a key that cannot be a partition before anything starts, and one the asset does not have by name', async () => {
    await expect(client.partition('slow_days', "x'; DROP TABLE retrofill_ledger; --")).rejects.toBeInstanceOf(InvalidStatusRequestError);
    const error = await client.partition('slow_days', '1999-01-01').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackfillFailedError);
    expect((error as BackfillFailedError).message).toMatch(/slow_days has no partition 1999-01-01: partition 1999-01-01 is before the asset's first partition 2024-01-01/);
    await expect(client.partition('nope', '2024-01-01')).rejects.toThrow(/nope/);
  });
});
