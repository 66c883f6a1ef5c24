/**
 * Materializes one partition (or, for a `singleRun` asset, a range of
 * consecutive partitions together): the partition's rows are deleted and rewritten
 * in one PostgreSQL transaction, so a retry or a re-run replaces them (never
 * duplicates) and a failure leaves the previous rows in place. Each attempt is
 * recorded in the ledger; only the attempt whose transaction commits is
 * marked succeeded, in that same transaction, and only while Temporal has not
 * given up on it (a retry first closes the attempts it takes over from, which
 * fences their commit); a retry of a run that already committed returns that
 * result (exactly one success per run). A cancellation (delivered through
 * heartbeats) or the asset's `timeout` ends the attempt at once, whatever
 * `materialize` does: its statement is cancelled and its transaction rolled back.
 * A range gets one ledger row per partition, all turned succeeded together.
 *
 * The steps, each in its own module: where the rows go (unit-target), the
 * inputs check and ledger start (start-unit-attempt), the checkpoint to
 * resume from and staging (unit-checkpoint), liveness (attempt-heartbeat),
 * the rate limit (rate-limiter), the write (unit-write, write-partition) and
 * how an attempt that did not commit ends (attempt-failure).
 */
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Knex } from 'knex';
import type { AssetCatalog } from '../assets/asset-catalog';
import { plannedLabel } from '../core/plan/planned-keys';
import type { PartitionRun } from '../db/checkpoints/partition-staging';
import { takeOverRun } from '../db/ledger/close-open-attempts';
import type { RunSuccess } from '../db/ledger/find-run-success';
import { NO_METRICS, type RetrofillMetrics } from '../observability/retrofill-metrics';
import { attemptHeartbeat } from './attempt-heartbeat';
import { failAttempt } from './attempt-failure';
import { attemptStop } from './attempt-stop';
import { unitKeys, unitWindow } from './unit-keys';
import { attemptRateLimiter } from './rate-limiter';
import { startUnitAttempt } from './start-unit-attempt';
import { resumeCheckpoint, unitStaging } from './unit-checkpoint';
import { unitTarget } from './unit-target';
import { unitWrite } from './unit-write';
import { writePartition } from './write-partition';

/** Which partition to materialize; never the rows themselves. */
export interface MaterializePartitionInput {
  asset: string;
  /** The partition, or the first of `partitionKeys`. */
  partitionKey: string;
  /** Every partition of a range of a `singleRun` asset, oldest first and consecutive; omitted for one partition. */
  partitionKeys?: string[];
  backfillId: string | null;
  /** `shadow`: write to the backfill's shadow tables, not production; omitted for production. */
  isolation?: 'shadow';
  /** Attempts the partition already had in a batch before this run retries it alone: the ledger counts on from them. */
  attemptsBefore?: number;
}

export interface MaterializePartitionResult {
  /** Rows written: of all the partitions of a range together. */
  rows: number;
  /** The ledger row of the partition (of the first partition of a range). */
  ledgerId: string;
  /** How long this attempt took in the activity, ms: what the partition costs without orchestration (absent in older results). */
  ms?: number;
}

/**
 * One attempt at one unit (a partition, or a `singleRun` range): the partition
 * run it belongs to, and the Temporal activity it runs in.
 */
export interface UnitAttempt {
  /** Keys the ledger rows, checkpoints and staging of this unit across attempts. */
  run: PartitionRun;
  /** The attempt number the ledger records (Temporal's attempt of the activity). */
  attempt: number;
  /** An earlier attempt may have left rows of this run (a commit, staged rows): look for them first. */
  resume: boolean;
  /** The same attempt starting over (after a database outage): its own rows of this attempt number do not fence it. */
  redo: boolean;
  /** The activity's context: cancellation, its details and sleep. */
  context: Context;
  /** Reports liveness and progress details to Temporal. */
  heartbeat: (details: unknown) => void;
}

/** What materializing needs: the database, the assets, and where to record metrics. */
export interface MaterializeDeps {
  db: Knex;
  catalog: AssetCatalog;
  /** @default NO_METRICS */
  metrics?: RetrofillMetrics;
}

export function materializePartitionActivity(deps: MaterializeDeps) {
  const materialize = materializeUnit(deps);
  /** `redo`: the same Temporal attempt starts over (after a database outage): it resumes like a retry. */
  return async function materializePartition(input: MaterializePartitionInput, { redo = false } = {}): Promise<MaterializePartitionResult> {
    const context = Context.current();
    const { workflowExecution, attempt } = context.info;
    if (!workflowExecution) throw ApplicationFailure.nonRetryable('materializePartition must run inside a workflow');
    // Successes, checkpoints and staging are all keyed by this workflow run, whose one activity this is.
    const run = { workflowId: workflowExecution.workflowId, runId: workflowExecution.runId };
    const counted = attempt + (input.attemptsBefore ?? 0);
    const began = Date.now();
    const result = await materialize(input, { run, attempt: counted, resume: attempt > 1 || redo, redo, context, heartbeat: (details) => context.heartbeat(details) });
    // A result an earlier attempt committed keeps the time that attempt took.
    return { ms: Date.now() - began, ...result };
  };
}

/**
 * Log fields naming the partition (the first of a range, with their count);
 * the backfill's id comes from the activity's interceptor. `partitions` is
 * cleared for one partition: a batch activity's own fields count the batch.
 */
function partitionFields(asset: string, keys: readonly string[]): Record<string, string | number | undefined> {
  return { asset, partition: keys[0]!, partitions: keys.length > 1 ? keys.length : undefined };
}

/** What an earlier attempt committed, returned as its result: the same rows, ledger row and time. */
function committedResult(done: RunSuccess): MaterializePartitionResult {
  return { rows: Number(done.row_count ?? 0), ledgerId: String(done.id), ms: done.ms };
}

/** Materializes one unit within an attempt whose identity the caller gives (one partition's activity, or a batch's). */
export function materializeUnit(deps: MaterializeDeps) {
  const metrics = deps.metrics ?? NO_METRICS;
  return async function materialize(input: MaterializePartitionInput, unit: UnitAttempt): Promise<MaterializePartitionResult> {
    const { db, catalog } = deps;
    const { run, attempt, context } = unit;
    const asset = catalog.get(input.asset);
    // A first attempt has nothing of an earlier one to find, and skips looking (three queries a partition).
    const retry = unit.resume;
    const done = retry ? await takeOverRun({ knex: db }, run, (closed) => metrics.partitionsEnded(input.asset, 'abandoned', closed)) : undefined;
    if (done) return committedResult(done);

    const keys = unitKeys(asset, input);
    const label = `${asset.name}/${plannedLabel({ key: input.partitionKey, keys })}`;
    const target = unitTarget(asset, input, label);
    const { backfillId } = input;
    const started = await startUnitAttempt({ db, catalog, metrics }, { asset, keys, label, run, attempt, backfillId, shadowOf: target.shadowOf, redo: unit.redo, retry });
    if ('done' in started) return committedResult(started.done);
    const { ledgerIds } = started;
    const meter = metrics.attemptStarted(asset.name, keys.length, retry);
    const began = performance.now();

    const checkpoint = await resumeCheckpoint(db, run, retry);
    const window = unitWindow(asset, keys);
    // Cancellation or the asset's timeout: `materialize` sees it too, and the attempt ends without waiting for it.
    const stop = attemptStop(context.cancellationSignal, asset.timeout, label);
    // The latest details are repeated by the liveness heartbeat, so Temporal's UI keeps showing them.
    const liveness = attemptHeartbeat((details) => unit.heartbeat(details), checkpoint);
    const { heartbeat } = liveness;
    const limiter = attemptRateLimiter(db, asset.rateLimit, (ms) => {
      metrics.rateLimitWaited(asset.name, ms);
      return context.sleep(ms);
    });
    try {
      await limiter.start();
      const staging = unitStaging(db, run, target.table, retry, heartbeat);
      const write = unitWrite({ db, asset, keys, ledgerIds, run, label, target, signal: stop.signal, window, checkpoint, ...staging, rateLimit: () => limiter.next(), heartbeat });
      const rows = await writePartition(write);
      meter.end('succeeded', rows);
      context.log.info('partition materialized', { ...partitionFields(input.asset, keys), attempt, rows, ms: Math.round(performance.now() - began) });
      return { rows, ledgerId: ledgerIds[0]! };
    } catch (error) {
      return await failAttempt({ db, context, run, ledgerIds, meter, fields: { ...partitionFields(input.asset, keys), attempt } }, error);
    } finally {
      // Ended without writing its end (a lost connection): the rows are closed, and counted, by the redo.
      meter.close();
      stop.dispose();
      liveness.stop();
    }
  };
}
