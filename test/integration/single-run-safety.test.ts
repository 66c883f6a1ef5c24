/**
 * What keeps a range run of a `singleRun` asset safe, on the real servers:
 * it waits for the lock of every partition it writes (another backfill may
 * be writing one of them under another workflow id), a retry of a run that
 * already committed returns that result, and a malformed range is refused.
 */
import { resolve } from 'node:path';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities, type MaterializePartitionInput, type MaterializePartitionResult } from '../../activities';
import { AssetCatalog } from '../../assets/asset-catalog';
import { defineAsset } from '../../assets/define-asset';
import { dailyPartitions } from '../../assets/partitions';
import { lockPartitions } from '../../db/partitions/lock-partitions';
import { startDemoDeployment, type DemoDeployment } from '../helpers/demo-deployment';
import { waitFor } from '../helpers/wait-for';

let deployment: DemoDeployment;

const marchDays = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `2023-03-${String(from + i).padStart(2, '0')}`);

/** A singleRun asset that stages one row per partition of its run, with a checkpoint. */
const staged = defineAsset({
  name: 'staged_days',
  partitions: dailyPartitions({ start: '2023-01-01' }),
  partitionColumn: 'day',
  backfillPolicy: { kind: 'singleRun', maxPartitionsPerRun: 10 },
  materialize: async ({ partitionKeys, stage }) => {
    for (const day of partitionKeys) await stage([{ day, n: 1 }], { done: day });
  },
});

/** Runs the materializePartition activity as attempt `attempt` of the workflow run `workflowId`/`runId`. */
function runActivity(workflowId: string, attempt: number, input: MaterializePartitionInput, catalog = deployment.catalog): Promise<MaterializePartitionResult> {
  const { materializePartition } = createActivities({ db: deployment.database.db, catalog });
  const env = new MockActivityEnvironment({ workflowExecution: { workflowId, runId: 'run-1' }, attempt }, { logger: new DefaultLogger('ERROR', () => {}) });
  return env.run(materializePartition, input);
}

beforeAll(async () => {
  deployment = await startDemoDeployment(resolve(__dirname, '../fixtures/single-run-assets.ts'));
  // The inputs of daily_revenue for February and March.
  const summary = await deployment.backfill({ assets: ['customers', 'raw_events'], from: '2023-02-01', to: '2023-03-31' });
  expect(summary.outcome).toBe('completed');
});

afterAll(async () => {
  await deployment?.stop();
});

describe('a range run of a singleRun asset', () => {
  it('waits while another transaction holds the lock of one of its partitions, then commits', async () => {
    const { db } = deployment.database;
    const holder = await db.transaction();
    await lockPartitions({ knex: holder }, 'daily_revenue', ['2023-02-15']);
    const handle = await deployment.client.start({ assets: ['daily_revenue'], from: '2023-02-01', to: '2023-02-28' });
    try {
      const waiting = () => db.raw(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`).then((r) => r.rows[0].n as number);
      await waitFor('the range run to wait for the lock', waiting, (n) => n === 1);
      const statuses = await db('retrofill_ledger').where({ backfill_id: handle.backfillId }).select('status').count({ n: '*' }).groupBy('status');
      expect(statuses).toEqual([{ status: 'running', n: '28' }]);
    } finally {
      await holder.commit();
    }
    const summary = await handle.result();
    expect(summary).toMatchObject({ outcome: 'completed', total: 28, succeeded: 28 });
    const succeeded = await db('retrofill_ledger').where({ backfill_id: handle.backfillId, status: 'succeeded' }).countDistinct({ n: 'workflow_id' });
    expect(succeeded).toEqual([{ n: '1' }]);
  });

  it('returns the committed result when an attempt is retried after its commit, writing nothing more', async () => {
    const keys = marchDays(1, 5);
    const input = { asset: 'daily_revenue', partitionKey: keys[0]!, partitionKeys: keys, backfillId: null };
    const workflowId = `retry-test/daily_revenue/${keys[0]}..${keys[4]}`;
    const first = await runActivity(workflowId, 1, input);
    const retried = await runActivity(workflowId, 2, input);
    const { db } = deployment.database;
    // The committed result: the first attempt's rows and ledger row, and the time the ledger gives its commit.
    const [committed] = await db('retrofill_ledger')
      .where({ workflow_id: workflowId, status: 'succeeded' })
      .select(db.raw('round(extract(epoch FROM max(finished_at) - min(started_at)) * 1000)::int AS ms'));
    expect(retried).toEqual({ rows: first.rows, ledgerId: first.ledgerId, ms: committed.ms });
    expect(committed.ms).toBeLessThanOrEqual(first.ms!);

    const ledger: Array<{ partition_key: string; status: string; attempt: number; row_count: string }> = await db('retrofill_ledger')
      .where({ workflow_id: workflowId })
      .select('partition_key', 'status', 'attempt', 'row_count')
      .orderBy('partition_key');
    expect(ledger.map((r) => [r.partition_key, r.status, r.attempt])).toEqual(keys.map((k) => [k, 'succeeded', 1]));
    const [written] = await db('daily_revenue').where('day', '>=', '2023-03-01').andWhere('day', '<', '2023-03-06').count({ n: '*' });
    expect(first.rows).toBe(Number(written!.n));
    expect(ledger.reduce((sum, r) => sum + Number(r.row_count), 0)).toBe(first.rows);
  });

  it('refuses a range with a gap, or one that does not start at its partitionKey, before writing anything', async () => {
    const gap = [...marchDays(10, 11), '2023-03-13'];
    await expect(runActivity('gap-test/a', 1, { asset: 'daily_revenue', partitionKey: gap[0]!, partitionKeys: gap, backfillId: null })).rejects.toThrow(
      'cannot materialize daily_revenue/2023-03-10..2023-03-13 in one run: 2023-03-13 does not follow 2023-03-11',
    );
    const shifted = marchDays(10, 12);
    await expect(runActivity('gap-test/b', 1, { asset: 'daily_revenue', partitionKey: '2023-03-09', partitionKeys: shifted, backfillId: null })).rejects.toThrow(
      'the range does not start at partitionKey 2023-03-09',
    );
    const rows = await deployment.database.db('retrofill_ledger').whereIn('workflow_id', ['gap-test/a', 'gap-test/b']).count({ n: '*' });
    expect(rows).toEqual([{ n: '0' }]);
  });

  it('publishes rows staged with ctx.stage into every partition of the range', async () => {
    const { db } = deployment.database;
    await db.schema.createTable('staged_days', (t) => {
      t.date('day').notNullable();
      t.integer('n').notNullable();
    });
    const keys = marchDays(20, 22);
    const catalog = new AssetCatalog([staged]);
    const result = await runActivity('stage-test/staged_days', 1, { asset: 'staged_days', partitionKey: keys[0]!, partitionKeys: keys, backfillId: null }, catalog);
    expect(result.rows).toBe(3);
    const days = await db('staged_days').select(db.raw(`to_char(day, 'YYYY-MM-DD') AS day`)).orderBy('day');
    expect(days.map((r: { day: string }) => r.day)).toEqual(keys);
    const counts = await db('retrofill_ledger').where({ workflow_id: 'stage-test/staged_days', status: 'succeeded' }).orderBy('partition_key').pluck('row_count');
    expect(counts).toEqual(['1', '1', '1']);
    expect(await db('retrofill_checkpoints').where({ workflow_id: 'stage-test/staged_days' }).count({ n: '*' })).toEqual([{ n: '0' }]);
  });
});
