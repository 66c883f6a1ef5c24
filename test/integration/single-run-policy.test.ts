/**
 * `backfillPolicy: singleRun` end to end, on the real servers: the demo DAG
 * backfilled over Q1 2023 with the default policy (adaptive: each partition
 * its own transaction, cheap ones in batches) in one database, and in another with
 * raw_events, daily_revenue and the cumulative customer_lifetime_value run
 * 31 partitions at a time (test/fixtures/single-run-assets.ts).
 */
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackfillSummary } from '../../core/run/backfill-summary';
import { buildReference } from '../../examples/demo/reference';
import { PARTITION } from '../../contract';
import { startDemoDeployment, type DemoDeployment, type TableChecksums } from '../helpers/demo-deployment';
import { waitFor } from '../helpers/wait-for';

const REQUEST = { assets: ['customers', 'raw_events'], from: '2023-01-01', to: '2023-03-31', downstream: true, maxConcurrency: 4 };
const RANGE = { start: new Date('2023-01-01T00:00:00Z'), end: new Date('2023-04-01T00:00:00Z') };
const PARTITIONS = { customers: 1, raw_events: 90, daily_revenue: 90, customer_lifetime_value: 90, monthly_revenue: 3 };
/** Q1 2023 in runs of at most 31 consecutive days. */
const DAY_RUNS = [
  ['2023-01-01', '2023-01-31'],
  ['2023-02-01', '2023-03-03'],
  ['2023-03-04', '2023-03-31'],
];

interface Backfilled {
  deployment: DemoDeployment;
  summary: BackfillSummary;
  checksums: TableChecksums;
}

let adaptive: Backfilled;
let singleRun: Backfilled;

async function backfilled(assetsModule: string): Promise<Backfilled> {
  const deployment = await startDemoDeployment(resolve(__dirname, assetsModule));
  const summary = await deployment.backfill(REQUEST);
  return { deployment, summary, checksums: await deployment.checksums() };
}

/** Succeeded ledger rows of one backfill per asset and partition: how many, and their row count. */
async function ledgerByPartition({ deployment, summary }: Backfilled): Promise<Record<string, { n: number; rows: string }>> {
  const rows: Array<{ asset: string; partition_key: string; n: number; rows: string }> = await deployment.database
    .db('retrofill_ledger')
    .select('asset', 'partition_key')
    .select(deployment.database.db.raw('count(*)::int AS n'), deployment.database.db.raw('max(row_count)::text AS rows'))
    .where({ backfill_id: summary.backfillId, status: 'succeeded' })
    .groupBy('asset', 'partition_key');
  return Object.fromEntries(rows.map((r) => [`${r.asset}/${r.partition_key}`, { n: r.n, rows: r.rows }]));
}

/** Distinct materialization workflow ids of one backfill per asset, sorted. */
async function workflowIds({ deployment, summary }: Backfilled): Promise<Record<string, string[]>> {
  const rows: Array<{ asset: string; workflow_id: string }> = await deployment.database
    .db('retrofill_ledger')
    .distinct('asset', 'workflow_id')
    .where({ backfill_id: summary.backfillId })
    .orderBy('workflow_id');
  const out: Record<string, string[]> = {};
  for (const r of rows) (out[r.asset] ??= []).push(r.workflow_id);
  return out;
}

beforeAll(async () => {
  [adaptive, singleRun] = await Promise.all([backfilled('../../examples/demo/assets.ts'), backfilled('../fixtures/single-run-assets.ts')]);
  await buildReference(singleRun.deployment.database.db, RANGE.start, RANGE.end);
});

afterAll(async () => {
  await Promise.all([adaptive?.deployment.stop(), singleRun?.deployment.stop()]);
});

describe('the demo DAG over a quarter, per partition and in single runs', () => {
  it('completes both, counting partitions (not runs) in the summary', () => {
    for (const { summary } of [adaptive, singleRun]) {
      expect(summary.outcome).toBe('completed');
      const counts = Object.fromEntries(summary.assets.map((a) => [a.asset, a.succeeded]));
      expect(counts).toEqual(PARTITIONS);
      expect(summary.total).toBe(Object.values(PARTITIONS).reduce((a, b) => a + b));
    }
    const rows = (s: BackfillSummary) => Object.fromEntries(s.assets.map((a) => [a.asset, a.rows]));
    expect(rows(singleRun.summary)).toEqual(rows(adaptive.summary));
  });

  it('leaves checksum-identical tables, equal to the one-pass SQL reference', async () => {
    expect(singleRun.checksums.raw_events!.rows).toBe(90 * 200);
    expect(singleRun.checksums).toEqual(adaptive.checksums);
    expect(await singleRun.deployment.checksums('ref_')).toEqual(singleRun.checksums);
  });

  it('records one succeeded ledger row per partition in both, with the same per-partition row counts', async () => {
    const [a, b] = await Promise.all([ledgerByPartition(adaptive), ledgerByPartition(singleRun)]);
    expect(Object.keys(b)).toHaveLength(Object.values(PARTITIONS).reduce((x, y) => x + y));
    expect(new Set(Object.values(b).map((x) => x.n))).toEqual(new Set([1]));
    expect(b).toEqual(a);
    // Each partition's own count, not the run's total: they add up to the table.
    const dailyRows = Object.entries(b).filter(([k]) => k.startsWith('daily_revenue/')).reduce((n, [, x]) => n + Number(x.rows), 0);
    expect(dailyRows).toBe(singleRun.checksums.daily_revenue!.rows);
  });

  it('runs far fewer child workflows: one per run of up to 31 days', async () => {
    const [a, b] = await Promise.all([workflowIds(adaptive), workflowIds(singleRun)]);
    // The default batches cheap partitions too: fewer children than its 274 partitions, each still its own transaction.
    expect(Object.values(a).flat().length).toBeLessThan(274);
    const queue = singleRun.deployment.worker.taskQueue;
    for (const asset of ['raw_events', 'daily_revenue', 'customer_lifetime_value']) {
      expect(b[asset]).toEqual(DAY_RUNS.map(([first, last]) => `${queue}/${asset}/${first}..${last}`));
    }
    expect(b.monthly_revenue).toHaveLength(3);
    expect(Object.values(b).flat()).toHaveLength(1 + 3 * 3 + 3);
  });

  it('labels each run child in Temporal with its first partition and its whole window', async () => {
    const { client } = singleRun.deployment.worker;
    const query = `RetrofillBackfillId = '${singleRun.summary.backfillId}' AND RetrofillAsset = 'daily_revenue' AND WorkflowType = 'materializePartition'`;
    const children = await waitFor(
      'the daily_revenue children in visibility',
      async () => {
        const found = [];
        for await (const w of client.workflow.list({ query })) found.push(w);
        return found;
      },
      (found) => found.length === DAY_RUNS.length,
    );
    const seen = children.map((w) => ({ partition: w.typedSearchAttributes.get(PARTITION), window: w.memo?.window })).sort((x, y) => String(x.partition).localeCompare(String(y.partition)));
    const dayAfter = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString();
    expect(seen).toEqual(DAY_RUNS.map(([first, last]) => ({ partition: first, window: { start: `${first}T00:00:00.000Z`, end: dayAfter(last!) } })));
  });

  it('runs each range of the cumulative asset only after the range before it committed', async () => {
    const rows = (await singleRun.deployment.database
      .db('retrofill_ledger')
      .select('workflow_id')
      .min({ started: 'started_at' })
      .max({ finished: 'finished_at' })
      .where({ backfill_id: singleRun.summary.backfillId, asset: 'customer_lifetime_value', status: 'succeeded' })
      .groupBy('workflow_id')
      .orderBy('started')) as Array<{ workflow_id: string; started: Date; finished: Date }>;
    expect(rows.map((r) => r.workflow_id.split('/').at(-1))).toEqual(DAY_RUNS.map(([first, last]) => `${first}..${last}`));
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.started.getTime()).toBeGreaterThanOrEqual(rows[i - 1]!.finished.getTime());
  });

  it('leaves every partition current in the ledger: a plan of both finds nothing to run', async () => {
    const everything = { assets: Object.keys(PARTITIONS), from: '2023-01-01', to: '2023-03-31' };
    for (const { deployment } of [adaptive, singleRun]) {
      const plan = await deployment.client.plan(everything);
      expect(plan, deployment.worker.taskQueue).toMatchObject({ targeted: 274, total: 0 });
    }
  });
});
