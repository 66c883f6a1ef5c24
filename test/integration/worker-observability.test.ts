/**
 * A demo backfill through a real `retrofill worker` process with a metrics
 * endpoint, JSON logs and OTLP tracing on, started by the `retrofill
 * backfill` command with tracing on: the scraped counters equal the ledger's
 * counts, the trace runs from the command through the parent workflow, a
 * child and its activity, and every log line is JSON naming its partition.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { RetrofillClient } from '../../client';
import type { BackfillSummary } from '../../core/run/backfill-summary';
import { LEDGER_TABLE } from '../../db/rows';
import { freePort } from '../../local/free-port';
import { RetrofillMetric } from '../../observability/metric-names';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '../helpers/otlp-receiver';
import { scrape, sumOf, type Sample } from '../helpers/prometheus-samples';
import { runCommand } from '../helpers/run-command';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';
import { waitFor } from '../helpers/wait-for';
import { WorkerProcess } from '../helpers/worker-process';

const BIN = resolve(__dirname, '../../bin/retrofill.js');
const ASSETS = ['customers', 'raw_events', 'daily_revenue', 'customer_lifetime_value', 'monthly_revenue'];

let database: TestDatabase;
let receiver: OtlpReceiver;
let worker: WorkerProcess;
let client: RetrofillClient;
let metricsUrl: string;
let summary: BackfillSummary;
let backfillId: string;
let final: Sample[];
let runningSeen = 0;
let ledger: Array<{ asset: string; status: string; n: number; rows: number }>;

beforeAll(async () => {
  database = await createTestDatabase();
  receiver = await startOtlpReceiver();
  const port = await freePort();
  metricsUrl = `http://127.0.0.1:${port}`;
  const env = {
    DATABASE_URL: database.url,
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    RETROFILL_TASK_QUEUE: `observability-${randomBytes(4).toString('hex')}`,
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    // Spans leave every 200 ms rather than every 5 s.
    OTEL_BSP_SCHEDULE_DELAY: '200',
  };
  worker = new WorkerProcess({
    name: 'observability-worker',
    assets: 'examples/demo/assets.ts',
    env,
    concurrency: 4,
    args: ['--metrics-port', String(port), '--log-format', 'json'],
    keepOutput: true,
  });
  await worker.start();
  client = await RetrofillClient.connect({ address: env.TEMPORAL_ADDRESS, taskQueue: env.RETROFILL_TASK_QUEUE });

  backfillId = `observed-${randomBytes(4).toString('hex')}`;
  const started = await runCommand(
    process.execPath,
    [BIN, 'backfill', '--id', backfillId, '--assets', 'customers,raw_events', '--from', '2023-01-01', '--to', '2023-02-28', '--downstream', '--concurrency', '4'],
    env,
  );
  expect(started.code, started.stderr).toBe(0);
  const result = client.result(backfillId);
  let done = false;
  void result.finally(() => (done = true)).catch(() => undefined);
  // Scraped while it runs: the running gauge moves.
  while (!done) {
    const samples = await scrape(metricsUrl);
    runningSeen = Math.max(runningSeen, sumOf(samples, RetrofillMetric.running));
    await new Promise((r) => setTimeout(r, 50));
  }
  summary = await result;
  final = await scrape(metricsUrl);
  ledger = (
    await database
      .db(LEDGER_TABLE)
      .where({ backfill_id: backfillId })
      .groupBy('asset', 'status')
      .select('asset', 'status', database.db.raw('count(*)::int AS n'), database.db.raw('coalesce(sum(row_count), 0)::int AS rows'))
  ).map((r: { asset: string; status: string; n: number; rows: number }) => r);
}, 240_000);

afterAll(async () => {
  await client?.close();
  await worker?.stop();
  await receiver?.close();
  await database?.drop();
});

describe('a worker serving /metrics during a backfill', () => {
  it('completes the backfill', () => {
    expect(summary.outcome).toBe('completed');
  });

  it("counts partitions by asset and outcome exactly as the ledger records them", () => {
    expect(ledger.length).toBeGreaterThan(0);
    for (const asset of ASSETS) {
      for (const outcome of ['succeeded', 'failed', 'abandoned', 'cancelled']) {
        const inLedger = ledger.find((r) => r.asset === asset && r.status === outcome)?.n ?? 0;
        expect(sumOf(final, RetrofillMetric.partitions, { asset, outcome }), `${asset} ${outcome}`).toBe(inLedger);
      }
    }
  });

  it('observes one duration per attempt, counts the attempts and the rows written', () => {
    for (const asset of ASSETS) {
      const attempts = ledger.filter((r) => r.asset === asset).reduce((n, r) => n + r.n, 0);
      expect(sumOf(final, `${RetrofillMetric.duration}_count`, { asset }), asset).toBe(attempts);
      expect(sumOf(final, RetrofillMetric.attempts, { asset }), asset).toBe(attempts);
      const rows = ledger.find((r) => r.asset === asset && r.status === 'succeeded')?.rows ?? 0;
      expect(sumOf(final, RetrofillMetric.rows, { asset }), asset).toBe(rows);
      expect(sumOf(final, RetrofillMetric.planned, { asset }), asset).toBe(summary.assets.find((a) => a.asset === asset)!.total);
    }
  });

  it('shows partitions running while it runs, and none at the end', () => {
    expect(runningSeen).toBeGreaterThan(0);
    for (const asset of ASSETS) expect(sumOf(final, RetrofillMetric.running, { asset }), asset).toBe(0);
  });

  it('reports the freshness of each asset: the daily assets end 2023-02-28, the monthly one with February', async () => {
    const samples = await waitFor('freshness of every asset', () => scrape(metricsUrl), (s) => ASSETS.every((asset) => s.some((x) => x.name === RetrofillMetric.freshness && x.labels.asset === asset)), 20_000, 500);
    const age = (asset: string) => sumOf(samples, RetrofillMetric.freshness, { asset });
    const sinceMarch = (Date.now() - Date.parse('2023-03-01T00:00:00Z')) / 1000;
    for (const asset of ['raw_events', 'daily_revenue', 'customer_lifetime_value', 'monthly_revenue']) {
      expect(age(asset), asset).toBeGreaterThan(sinceMarch - 60);
      expect(age(asset), asset).toBeLessThan(sinceMarch + 60);
    }
    // Unpartitioned: seconds since its materialization, minutes at most.
    expect(age('customers')).toBeLessThan(300);
  });

  it("serves the Temporal SDK's own worker metrics beside them", () => {
    expect(final.some((s) => s.name.startsWith('temporal_') && s.labels.task_queue !== undefined)).toBe(true);
    expect(sumOf(final, 'temporal_activity_execution_latency_count')).toBeGreaterThan(0);
  });

  it("serves every Temporal metric the Grafana dashboard queries", async () => {
    // A failed activity too: a rollback of a backfill that had no shadow is refused by its activity.
    await expect(client.rollback(backfillId)).rejects.toThrow(/has no shadow/);
    const now = await scrape(metricsUrl);
    const dashboard = readFileSync(resolve(__dirname, '../../deploy/grafana/dashboards/retrofill.json'), 'utf8');
    const queried = new Set([...dashboard.matchAll(/temporal_[a-z_]+/g)].map(([name]) => name.replace(/_(bucket|sum|count)$/, '')));
    expect(queried.size).toBeGreaterThan(0);
    const served = new Set(now.map((s) => s.name.replace(/_(bucket|sum|count)$/, '')));
    expect([...queried].filter((name) => !served.has(name))).toEqual([]);
  });

  it('labels by asset and outcome only: no partition key or backfill id', () => {
    const ours = final.filter((s) => s.name.startsWith('retrofill_'));
    const labels = new Set(ours.flatMap((s) => Object.keys(s.labels)));
    for (const label of labels) expect(['asset', 'outcome', 'kind', 'result', 'le', 'service_name']).toContain(label);
  });
});

describe('a trace of the backfill', () => {
  const named = (prefix: string) => receiver.spans.filter((s) => s.name.startsWith(prefix));

  it('begins at the command and holds the parent workflow, a child and its activity, with the partition', async () => {
    const start = await waitFor('the command span', () => named('StartWorkflow:backfill').find((s) => s.service === 'retrofill-cli'), Boolean, 10_000, 100);
    const inTrace = (s: ReceivedSpan) => s.traceId === start!.traceId;
    const byId = () => new Map(receiver.spans.filter(inTrace).map((s) => [s.spanId, s]));
    const parentOf = (s: ReceivedSpan) => (s.parentSpanId ? byId().get(s.parentSpanId) : undefined);
    const ancestors = (s: ReceivedSpan) => {
      const chain: ReceivedSpan[] = [];
      for (let p = parentOf(s); p; p = parentOf(p)) chain.push(p);
      return chain;
    };
    // An activity that materialized raw_events, in the same trace, once its spans have arrived.
    const activity = await waitFor(
      'a materializing activity span in the trace',
      () => receiver.spans.filter(inTrace).find((s) => s.name.startsWith('RunActivity:materialize') && s.attributes['retrofill.asset'] === 'raw_events' && ancestors(s).some((a) => a.name === 'RunWorkflow:backfill')),
      Boolean,
      20_000,
      200,
    );
    expect(activity!.attributes['retrofill.partition']).toMatch(/^2023-0[12]-\d\d$/);
    expect(activity!.attributes['retrofill.backfill_id']).toBe(backfillId);
    expect(activity!.service).toBe('retrofill-worker');
    const chain = ancestors(activity!);
    const child = chain.find((s) => s.name.startsWith('RunWorkflow:materialize'))!;
    expect(child.attributes['retrofill.asset']).toBe('raw_events');
    expect(child.attributes['retrofill.partition']).toBe(activity!.attributes['retrofill.partition']);
    expect(chain.map((s) => s.name.split(':')[0])).toEqual(
      expect.arrayContaining(['StartActivity', 'RunWorkflow', 'StartChildWorkflow', 'StartWorkflow']),
    );
    const parent = chain.find((s) => s.name === 'RunWorkflow:backfill')!;
    expect(parent.attributes['retrofill.backfill_id']).toBe(backfillId);
    // The root of the chain is the command's span.
    expect(chain[chain.length - 1]!.spanId).toBe(start!.spanId);
  });
});

describe('--log-format json', () => {
  it('prints one JSON object a line on stdout, and each partition line names its backfill, asset, partition and attempt', () => {
    const lines = worker.fullOutput('stdout').split('\n').filter((l) => l.trim() !== '');
    expect(lines.length).toBeGreaterThan(10);
    const parsed = lines.map((line) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw new Error(`not JSON: ${line}`);
      }
    });
    for (const entry of parsed) expect(entry).toMatchObject({ level: expect.any(String), msg: expect.any(String), time: expect.any(String) });
    const partitions = parsed.filter((e) => e.msg === 'partition materialized');
    const succeeded = ledger.filter((r) => r.status === 'succeeded').reduce((n, r) => n + r.n, 0);
    expect(partitions.reduce((n, e) => n + ((e.partitions as number | undefined) ?? 1), 0)).toBe(succeeded);
    for (const e of partitions) {
      expect(e).toMatchObject({ backfillId, asset: expect.any(String), partition: expect.any(String), attempt: expect.any(Number), rows: expect.any(Number) });
    }
  });
});
