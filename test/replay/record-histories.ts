/**
 * Records the workflow histories that `test/replay/replay-histories.test.ts`
 * replays, so a change to workflow code that would break running backfills
 * fails CI (see test/replay/histories/README.md for when to run it).
 *
 *   npx tsx test/replay/record-histories.ts [--tag <tag>] [--out <dir>] [--force]
 *   npm run record:histories -- --tag 2026-11-23
 *
 * Starts its own Temporal dev server and PostgreSQL (embedded, or a fresh
 * database on `DATABASE_URL`, whose user must be allowed to create databases),
 * runs a worker for test/replay/fixtures/replay-assets.ts on the production
 * task queue `retrofill`, drives representative backfills, and writes each
 * workflow's history (protobuf JSON, as the SDK's `historyToJSON` writes it) to
 * `<out>/<tag>_<scenario>.json`. `--tag` defaults to today's UTC date; an
 * existing file is never overwritten unless `--force`.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Client, Connection, WorkflowFailedError, WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { Knex } from 'knex';
import { DefaultLogger, NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import { AssetCatalog } from '../../assets/asset-catalog';
import { collectAssets } from '../../assets/load-assets-module';
import type { BackfillRequestInput } from '../../core/backfill-request';
import type { BackfillProgress } from '../../core/run/backfill-progress';
import type { BackfillSummary } from '../../core/run/backfill-summary';
import { materializationWorkflowId, rangeMaterializationWorkflowId } from '../../contract';
import { startEmbeddedPostgres, type EmbeddedPostgresServer } from '../../local/embedded-postgres';
import { createScratchDatabase, type ScratchDatabase } from '../../local/scratch-database';
import { startTemporalDevServer, type DevServer } from '../../local/temporal-dev-server';
import { pauseSignal, progressQuery, publishSignal, resumeSignal, setConcurrencyUpdate, throttleSignal } from '../../contract';
import { createRetrofillWorker } from '../../worker/create-worker';
import { waitFor } from '../helpers/wait-for';
import * as replayAssets from './fixtures/replay-assets';
import { historyToJson } from './history-json';

const { control } = replayAssets;
const ROOT = resolve(__dirname, '../..');
/** The production default: replays run on a worker of the same task queue, as after a deployment. */
const TASK_QUEUE = 'retrofill';
const EventType = temporal.api.enums.v1.EventType;
/** Keeps a single history file reviewable; the recorded backfills are far below it. */
const MAX_HISTORY_BYTES = 200_000;

const { values: args } = parseArgs({
  options: {
    tag: { type: 'string', default: new Date().toISOString().slice(0, 10) },
    out: { type: 'string', default: join(ROOT, 'test', 'replay', 'histories') },
    force: { type: 'boolean', default: false },
    /** Comma-separated scenario functions to record (default: all), e.g. `selection,canary`. */
    only: { type: 'string' },
  },
});
const outDir = resolve(args.out);
const tag = args.tag;
if (!/^[\w.-]+$/.test(tag)) throw new Error(`--tag must be letters, digits, '.', '_' or '-', got ${JSON.stringify(tag)}`);

interface Recording {
  client: Client;
  /** The worker's database: what partitions committed. */
  db: Knex;
  /** Histories to write, by scenario name. */
  histories: Map<string, { workflowId: string; json: string }>;
}

const log = (line: string) => console.log(`[record-histories] ${line}`);

function fileFor(scenario: string): string {
  return join(outDir, `${tag}_${scenario}.json`);
}

async function save(rec: Recording, scenario: string, workflowId: string): Promise<void> {
  const history = await rec.client.workflow.getHandle(workflowId).fetchHistory();
  // Pretty-printed protobuf JSON, as the SDK's `historyToJSON` writes it (see test/replay/history-json.ts).
  const json = `${historyToJson(history)}\n`;
  if (json.length > MAX_HISTORY_BYTES) throw new Error(`history ${scenario} is ${json.length} bytes, over ${MAX_HISTORY_BYTES}: record fewer partitions`);
  rec.histories.set(scenario, { workflowId, json });
  log(`${scenario}: ${history.events?.length ?? 0} events (${workflowId})`);
}

function startBackfill(rec: Recording, workflowId: string, request: BackfillRequestInput | Record<string, unknown>): Promise<WorkflowHandle> {
  return rec.client.workflow.start('backfill', { taskQueue: TASK_QUEUE, workflowId, args: [request] });
}

const progress = (handle: WorkflowHandle) => handle.query(progressQuery);
const child = (asset: string, key: string) => materializationWorkflowId(TASK_QUEUE, asset, key);

/** Once the backfill ended as `expected` says, saves its history and that of its `events` partition `key`'s workflow. */
async function saveWithChild(rec: Recording, handle: WorkflowHandle, expected: (s: BackfillSummary) => boolean, [scenario, childScenario]: [string, string], key: string): Promise<void> {
  const summary = (await handle.result()) as BackfillSummary;
  expectThat(expected(summary), `${scenario} summary`, summary);
  await save(rec, scenario, handle.workflowId);
  await save(rec, childScenario, child('events', key));
}

function expectThat(condition: boolean, what: string, value?: unknown): void {
  if (!condition) throw new Error(`unexpected: ${what}${value === undefined ? '' : `: ${JSON.stringify(value).slice(0, 2000)}`}`);
}

async function eventCount(handle: WorkflowHandle, type: temporal.api.enums.v1.EventType): Promise<number> {
  const history = await handle.fetchHistory();
  return (history.events ?? []).filter((e) => e.eventType === type).length;
}

const hasEvent = async (handle: WorkflowHandle, type: temporal.api.enums.v1.EventType) => (await eventCount(handle, type)) > 0;

/** a. Two assets, `totals` reading `events` and its own previous day (dependsOnPast); every partition succeeds. */
async function completed(rec: Recording): Promise<void> {
  const handle = await startBackfill(rec, 'replay-completed', {
    assets: ['events'],
    from: '2024-01-01',
    to: '2024-01-03',
    downstream: true,
    maxConcurrency: 2,
  });
  const summary = (await handle.result()) as BackfillSummary;
  expectThat(summary.outcome === 'completed' && summary.succeeded === 6, 'completed backfill summary', summary);
  await save(rec, 'backfill-completed', handle.workflowId);
  await save(rec, 'materialize-partition-succeeded', child('totals', '2024-01-02'));
}

/** b. One `events` partition fails after its 2 attempts; the `totals` partitions after it are skipped. */
async function partitionFailure(rec: Recording): Promise<void> {
  control.failKeys.add('2024-01-05');
  try {
    const handle = await startBackfill(rec, 'replay-partition-failure', {
      assets: ['events'],
      from: '2024-01-04',
      to: '2024-01-06',
      downstream: true,
      maxConcurrency: 2,
    });
    await saveWithChild(rec, handle, (s) => s.outcome === 'completedWithFailures' && s.failed === 1 && s.skipped === 2, ['backfill-partition-failure', 'materialize-partition-failed'], '2024-01-05');
  } finally {
    control.failKeys.clear();
  }
}

/** c. Paused while a partition runs (it finishes, none starts), resumed, throttled, concurrency updated and refused, completed. */
async function steered(rec: Recording): Promise<void> {
  control.holdKeys.add('2024-01-07');
  const handle = await startBackfill(rec, 'replay-steered', { assets: ['events'], from: '2024-01-07', to: '2024-01-10', maxConcurrency: 1 });
  const running = (key: string) => (p: BackfillProgress) => p.state === 'running' && p.running.some((r) => r.partition === key);
  await waitFor('the first partition to run', () => progress(handle), running('2024-01-07'));

  await handle.signal(pauseSignal);
  await waitFor('the backfill to pause', () => progress(handle), (p) => p.state === 'paused');
  control.holdKeys.add('2024-01-08');
  control.holdKeys.delete('2024-01-07');
  const paused = await waitFor('the running partition to finish while paused', () => progress(handle), (p) => p.totals.succeeded === 1 && p.running.length === 0);
  expectThat(paused.state === 'paused', 'still paused', paused);

  await handle.signal(resumeSignal);
  await waitFor('the next partition to run', () => progress(handle), running('2024-01-08'));
  await handle.signal(throttleSignal, { maxConcurrency: 2 });
  await handle.signal(throttleSignal, 0); // invalid: logged and ignored by the workflow
  const accepted = await handle.executeUpdate(setConcurrencyUpdate, { args: [{ maxConcurrency: 3 }] });
  expectThat(accepted === 3, 'setConcurrency 3 accepted', accepted);
  const rejected = await handle.executeUpdate(setConcurrencyUpdate, { args: [0] }).then(
    () => undefined,
    (error: unknown) => error,
  );
  expectThat(rejected instanceof WorkflowUpdateFailedError, 'setConcurrency 0 rejected', String(rejected));
  const steeredProgress = await progress(handle);
  expectThat(steeredProgress.state === 'running' && steeredProgress.maxConcurrency === 3, 'progress after steering', steeredProgress);

  control.holdKeys.clear();
  const summary = (await handle.result()) as BackfillSummary;
  expectThat(summary.outcome === 'completed' && summary.succeeded === 4, 'steered backfill summary', summary);
  await save(rec, 'backfill-steered', handle.workflowId);
}

/** d. Cancelled (Temporal cancel) with two partitions running: they stop, the rest never start; outcome `cancelled`. */
async function cancelled(rec: Recording): Promise<void> {
  control.holdKeys.add('2024-01-11');
  control.holdKeys.add('2024-01-12');
  try {
    const handle = await startBackfill(rec, 'replay-cancelled', { assets: ['events'], from: '2024-01-11', to: '2024-01-14', maxConcurrency: 2 });
    await waitFor('two partitions to run', () => progress(handle), (p) => p.running.length === 2);
    // Both children started, as the parent's history knows: the cancellation reaches running partitions.
    await waitFor('the parent to see both children start', () => eventCount(handle, EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED), (n) => n === 2);
    await handle.cancel();
    await saveWithChild(rec, handle, (s) => s.outcome === 'cancelled' && s.cancelled === 2 && s.pending === 2, ['backfill-cancelled', 'materialize-partition-cancelled'], '2024-01-11');
  } finally {
    control.holdKeys.clear();
  }
}

/** e. Invalid requests fail at once: a malformed one before any activity, an unknown asset once the assets are described. */
async function invalid(rec: Recording): Promise<void> {
  for (const [scenario, workflowId, request] of [
    ['backfill-invalid-request', 'replay-invalid-request', { assets: [], from: '2024-01-01', to: '2024-01-02' }],
    ['backfill-unknown-asset', 'replay-unknown-asset', { assets: ['no_such_asset'], from: '2024-01-01', to: '2024-01-02' }],
  ] as const) {
    const handle = await startBackfill(rec, workflowId, request);
    const error = await handle.result().then(
      () => undefined,
      (e: unknown) => e,
    );
    expectThat(error instanceof WorkflowFailedError, `${scenario} fails`, String(error));
    await save(rec, scenario, handle.workflowId);
  }
}

/** Two backfills of the same partition: the second finds its child id taken, waits on a timer, then runs its own. */
async function busyPartition(rec: Recording): Promise<void> {
  control.holdKeys.add('2024-01-15');
  try {
    const first = await startBackfill(rec, 'replay-busy-first', { assets: ['events'], partitions: ['2024-01-15'] });
    await waitFor('the first backfill to run the partition', () => progress(first), (p) => p.running.length === 1);
    const second = await startBackfill(rec, 'replay-busy-partition', { assets: ['events'], partitions: ['2024-01-15'] });
    await waitFor('the second backfill to wait for the partition', () => hasEvent(second, EventType.EVENT_TYPE_TIMER_STARTED), Boolean);
    control.holdKeys.clear();
    for (const handle of [first, second]) {
      const summary = (await handle.result()) as BackfillSummary;
      expectThat(summary.outcome === 'completed' && summary.succeeded === 1, `${handle.workflowId} summary`, summary);
    }
    expectThat(await hasEvent(second, EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_FAILED), 'a refused child start in the history');
    await save(rec, 'backfill-busy-partition', second.workflowId);
  } finally {
    control.holdKeys.clear();
  }
}

/** A `singleRun` asset over 5 days: a child for a range of 3 partitions, then one for the 2 left. */
async function singleRun(rec: Recording): Promise<void> {
  const handle = await startBackfill(rec, 'replay-single-run', { assets: ['ranged'], from: '2024-01-16', to: '2024-01-20' });
  const summary = (await handle.result()) as BackfillSummary;
  expectThat(summary.outcome === 'completed' && summary.succeeded === 5, 'single-run summary', summary);
  expectThat(await eventCount(handle, EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED) === 2, 'two range children');
  await save(rec, 'backfill-single-run', handle.workflowId);
  await save(rec, 'materialize-partition-range-succeeded', rangeMaterializationWorkflowId(TASK_QUEUE, 'ranged', ['2024-01-16', '2024-01-17', '2024-01-18']));
}

/** Selection from the ledger: a backfill of missing partitions, then one finding nothing, then a dry run. */
async function selection(rec: Recording): Promise<void> {
  const request = { assets: ['events'], from: '2024-02-01', to: '2024-02-03' };
  const first = (await (await startBackfill(rec, 'replay-selection-first', request)).result()) as BackfillSummary;
  expectThat(first.succeeded === 3, 'first selection backfill', first);
  const again = await startBackfill(rec, 'replay-nothing-selected', { ...request, mode: 'missing' });
  const nothing = (await again.result()) as BackfillSummary;
  expectThat(nothing.total === 0 && nothing.selection?.targeted === 3, 'nothing selected', nothing);
  await save(rec, 'backfill-nothing-selected', again.workflowId);
  const dry = await startBackfill(rec, 'replay-dry-run', { ...request, mode: 'all', dryRun: true });
  const report = (await dry.result()) as { dryRun?: boolean; total?: number };
  expectThat(report.dryRun === true && report.total === 3, 'dry run report', report);
  await save(rec, 'backfill-dry-run', dry.workflowId);
}

/** A canary of one partition per asset with approval: it pauses, is resumed, and the rest runs. */
async function canary(rec: Recording): Promise<void> {
  const handle = await startBackfill(rec, 'replay-canary', { assets: ['events'], from: '2024-02-10', to: '2024-02-13', canary: 1, canaryApproval: true });
  await waitFor('the canary to await approval', () => progress(handle), (p) => p.canary?.state === 'awaitingApproval');
  await handle.signal(resumeSignal);
  const summary = (await handle.result()) as BackfillSummary;
  expectThat(summary.outcome === 'completed' && summary.succeeded === 4, 'canary summary', summary);
  await save(rec, 'backfill-canary-approved', handle.workflowId);
}

/** Shadow isolation: one backfill checked, awaiting approval, then published; another whose blocking check fails. */
async function shadow(rec: Recording): Promise<void> {
  // From the first day, where `totals` reads no earlier day: the scenario runs alone too (`--only shadow`).
  const request = { assets: ['events'], from: '2024-01-01', to: '2024-01-02', downstream: true, mode: 'all', isolation: 'shadow' };
  const handle = await startBackfill(rec, 'replay-shadow-published', { ...request, publishApproval: true });
  await waitFor('the shadow to await publish', () => progress(handle), (p) => p.state === 'awaitingPublish');
  await handle.signal(publishSignal);
  const summary = (await handle.result()) as BackfillSummary;
  expectThat(summary.outcome === 'completed' && summary.shadow?.phase === 'published', 'published shadow summary', summary);
  await save(rec, 'backfill-shadow-published', handle.workflowId);
  await save(rec, 'materialize-partition-shadow-succeeded', child('totals', '2024-01-02'));

  control.negativeKeys.add('2024-01-04');
  try {
    const failing = await startBackfill(rec, 'replay-shadow-checks-failed', { ...request, from: '2024-01-03', to: '2024-01-04' });
    const failed = (await failing.result()) as BackfillSummary;
    expectThat(failed.outcome === 'checksFailed' && failed.shadow?.phase === 'notPublished', 'checks failed summary', failed);
    await save(rec, 'backfill-shadow-checks-failed', failing.workflowId);
  } finally {
    control.negativeKeys.clear();
  }
}

/** Workflow ids of the children a backfill started of one workflow type, in start order. */
async function childrenOfType(handle: WorkflowHandle, workflowType: string): Promise<string[]> {
  const history = await handle.fetchHistory();
  return (history.events ?? []).flatMap((e) => {
    const started = e.startChildWorkflowExecutionInitiatedEventAttributes;
    return started?.workflowType?.name === workflowType && started.workflowId ? [started.workflowId] : [];
  });
}

/** The adaptive policy: `cheap` and its cumulative `cheap_totals` in batches; one partition fails once in a batch and is retried alone. */
async function batched(rec: Recording): Promise<void> {
  // A first backfill gives the ledger durations, which size the next one's batches.
  const warmUp = await startBackfill(rec, 'replay-batched-warm-up', { assets: ['cheap'], from: '2024-01-01', to: '2024-01-04', downstream: true, maxConcurrency: 2 });
  await warmUp.result();
  control.flakyKeys.add('2024-01-09');
  try {
    const handle = await startBackfill(rec, 'replay-batched', { assets: ['cheap'], from: '2024-01-05', to: '2024-01-20', downstream: true, maxConcurrency: 2 });
    const summary = (await handle.result()) as BackfillSummary;
    expectThat(summary.outcome === 'completed' && summary.succeeded === 32, 'batched summary', summary);
    const batches = await childrenOfType(handle, 'materializeBatch');
    expectThat(batches.length > 0, 'batches started', batches);
    const alone = await childrenOfType(handle, 'materializePartition');
    expectThat(alone.includes(child('cheap', '2024-01-09')), 'the failed partition retried alone', alone);
    await save(rec, 'backfill-batched', handle.workflowId);
    await save(rec, 'materialize-batch-succeeded', batches[0]!);
    await save(rec, 'materialize-partition-retried-alone', child('cheap', '2024-01-09'));
  } finally {
    control.flakyKeys.clear();
  }
}

/** A batch cancelled while one of its partitions runs: the one in flight is settled cancelled, those not started stay pending. */
async function batchCancelled(rec: Recording): Promise<void> {
  control.holdKeys.add('2024-01-24');
  try {
    const handle = await startBackfill(rec, 'replay-batch-cancelled', { assets: ['cheap'], from: '2024-01-21', to: '2024-01-31', maxConcurrency: 1 });
    await waitFor('the batch to reach the held partition', async () => Number((await rec.db('cheap').where('day', '2024-01-23').count({ n: '*' }))[0]!.n), (n) => n > 0, 60_000);
    await handle.cancel();
    const summary = (await handle.result()) as BackfillSummary;
    expectThat(summary.outcome === 'cancelled' && summary.succeeded === 3 && summary.cancelled === 1 && summary.pending === 7, 'cancelled batch summary', summary);
    const [batch] = await childrenOfType(handle, 'materializeBatch');
    expectThat(batch !== undefined, 'a batch started');
    await save(rec, 'backfill-batch-cancelled', handle.workflowId);
    await save(rec, 'materialize-batch-cancelled', batch!);
  } finally {
    control.holdKeys.clear();
  }
}

/** A pause while a batch runs (`retrofill-pause-in-batches`): recorded in the database, the batch stops at its next partition; resume lifts it. */
async function batchPaused(rec: Recording): Promise<void> {
  // Durations in the ledger, so the backfill below runs in batches.
  const warmUp = await startBackfill(rec, 'replay-batch-paused-warm-up', { assets: ['cheap'], from: '2024-02-01', to: '2024-02-04', maxConcurrency: 2 });
  await warmUp.result();
  control.holdKeys.add('2024-02-06');
  try {
    const handle = await startBackfill(rec, 'replay-batch-paused', { assets: ['cheap'], from: '2024-02-05', to: '2024-02-15', maxConcurrency: 1 });
    await waitFor('the batch to reach the held partition', async () => Number((await rec.db('cheap').where('day', '2024-02-05').count({ n: '*' }))[0]!.n), (n) => n > 0, 60_000);
    await handle.signal(pauseSignal);
    await waitFor('the pause recorded for the batch', async () => Number((await rec.db('retrofill_pauses').count({ n: '*' }))[0]!.n), (n) => n > 0, 60_000);
    control.holdKeys.clear();
    const quiet = await waitFor('paused, nothing running', () => handle.query(progressQuery), (p) => p.state === 'paused' && p.running.length === 0, 60_000);
    expectThat(quiet.totals.succeeded === 2 && quiet.totals.pending === 9, 'the batch stopped after the held partition', quiet.totals);
    await handle.signal(resumeSignal);
    const summary = (await handle.result()) as BackfillSummary;
    expectThat(summary.outcome === 'completed' && summary.succeeded === 11, 'paused batch summary', summary);
    const pauses = Number((await rec.db('retrofill_pauses').count({ n: '*' }))[0]!.n);
    expectThat(pauses === 0, 'the pause lifted on resume', pauses);
    await save(rec, 'backfill-batch-paused', handle.workflowId);
  } finally {
    control.holdKeys.clear();
  }
}

/**
 * A 20-day backfill of `cheap` (40 partitions) after one over every earlier day since its first, so
 * the chain has every earlier link and the ledger durations that size the batches; saved as `history`
 * once its patch marker is recorded.
 */
async function afterWarmUp(rec: Recording, name: string, range: { from: string; to: string; warmUpTo: string }, patch: string, history: string): Promise<void> {
  const warmUp = await startBackfill(rec, `replay-${name}-warm-up`, { assets: ['cheap'], from: '2024-01-01', to: range.warmUpTo, downstream: true, maxConcurrency: 4 });
  await warmUp.result();
  const handle = await startBackfill(rec, `replay-${name}`, { assets: ['cheap'], from: range.from, to: range.to, downstream: true, maxConcurrency: 4 });
  const summary = (await handle.result()) as BackfillSummary;
  expectThat(summary.outcome === 'completed' && summary.succeeded === 40, `${name} summary`, summary);
  expectThat(await patchRecorded(handle, patch), 'the patch marker recorded');
  await save(rec, history, handle.workflowId);
}

/** Ready partitions in critical-path order, a dependsOnPast chain's batches not spread (`retrofill-critical-path-first`). */
async function criticalPath(rec: Recording): Promise<void> {
  await afterWarmUp(rec, 'critical-path', { warmUpTo: '2024-04-04', from: '2024-04-05', to: '2024-04-24' }, 'critical-path-first', 'backfill-critical-path');
}

/** Batches sized at full speed: the backfill learns the worker's cores, the ledger's means are brought back by how many ran at once. */
async function fullSpeedBatches(rec: Recording): Promise<void> {
  await afterWarmUp(rec, 'full-speed', { warmUpTo: '2024-02-09', from: '2024-02-10', to: '2024-02-29' }, 'full-speed-batches', 'backfill-full-speed-batches');
}

/** A backfill at priority 2: its children start with a priority and the backfill as fairness key. */
async function backfillPriority(rec: Recording): Promise<void> {
  const handle = await startBackfill(rec, 'replay-priority', { assets: ['cheap'], from: '2024-01-01', to: '2024-01-10', downstream: true, maxConcurrency: 4, priority: 2 });
  const summary = (await handle.result()) as BackfillSummary;
  expectThat(summary.outcome === 'completed' && summary.succeeded === 20, 'priority summary', summary);
  expectThat(await patchRecorded(handle, 'backfill-priority'), 'the patch marker recorded');
  await save(rec, 'backfill-priority', handle.workflowId);
}

/** Whether the workflow's history holds the marker of a patch whose id contains `name`. */
async function patchRecorded(handle: WorkflowHandle, name: string): Promise<boolean> {
  const history = await handle.fetchHistory();
  return (history.events ?? []).some((e) =>
    Object.values(e.markerRecordedEventAttributes?.details ?? {}).some((d) => (d.payloads ?? []).some((p) => Buffer.from(p.data ?? []).toString().includes(name))),
  );
}

async function main(): Promise<void> {
  const started = Date.now();
  const all = [completed, partitionFailure, steered, cancelled, invalid, busyPartition, singleRun, selection, canary, shadow, batched, batchCancelled, batchPaused, criticalPath, fullSpeedBatches, backfillPriority];
  const only = args.only?.split(',').map((s) => s.trim());
  const unknown = only?.filter((name) => !all.some((f) => f.name === name)) ?? [];
  if (unknown.length > 0) throw new Error(`--only: unknown scenario ${unknown.join(', ')} (known: ${all.map((f) => f.name).join(', ')})`);
  const scenarios = only ? all.filter((f) => only.includes(f.name)) : all;
  const existing = existsSync(outDir) ? readdirSync(outDir).filter((f) => f.startsWith(`${tag}_`) && f.endsWith('.json')) : [];
  if (existing.length > 0 && !args.force) {
    throw new Error(`histories tagged ${tag} exist already in ${relative(ROOT, outDir) || '.'} (${existing.join(', ')}): pass another --tag (or --force to overwrite)`);
  }
  // ERROR: the failures these scenarios provoke on purpose would each log a WARN.
  Runtime.install({ logger: new DefaultLogger('ERROR') });

  let temporalServer: DevServer | undefined;
  let postgres: EmbeddedPostgresServer | undefined;
  let scratch: ScratchDatabase | undefined;
  let nativeConnection: NativeConnection | undefined;
  let connection: Connection | undefined;
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  try {
    log('starting a Temporal dev server and PostgreSQL');
    [temporalServer, postgres] = await Promise.all([
      startTemporalDevServer({ uiPort: false }),
      process.env.DATABASE_URL ? Promise.resolve(undefined) : startEmbeddedPostgres(),
    ]);
    scratch = await createScratchDatabase(process.env.DATABASE_URL ?? postgres!.url, 'retrofill_record');
    const { db } = scratch;

    const catalog = new AssetCatalog(collectAssets(replayAssets));
    nativeConnection = await NativeConnection.connect({ address: temporalServer.address });
    worker = await createRetrofillWorker({ connection: nativeConnection, taskQueue: TASK_QUEUE, catalog, db });
    running = worker.run();
    connection = await Connection.connect({ address: temporalServer.address });
    const rec: Recording = { client: new Client({ connection }), db, histories: new Map() };
    log(`worker on ${temporalServer.address}, task queue ${TASK_QUEUE}`);

    for (const scenario of scenarios) await scenario(rec);

    mkdirSync(outDir, { recursive: true });
    for (const [scenario, { json }] of rec.histories) {
      writeFileSync(fileFor(scenario), json);
      log(`wrote ${relative(ROOT, fileFor(scenario))} (${(json.length / 1024).toFixed(1)} KB)`);
    }
    log(`${rec.histories.size} histories in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    if (worker) {
      worker.shutdown();
      await running?.catch(() => undefined);
    }
    await connection?.close();
    await nativeConnection?.close();
    await scratch?.drop().catch(() => undefined);
    await Promise.all([temporalServer?.stop(), postgres?.stop()]);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
