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
 */
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Knex } from 'knex';
import type { AssetCatalog } from '../assets/asset-catalog';
import { plannedLabel } from '../core/plan/planned-keys';
import { takeOverRun } from '../db/ledger/close-open-attempts';
import type { RunSuccess } from '../db/ledger/find-run-success';
import { recordAttemptsStart } from '../db/ledger/record-attempt-start';
import { recordRefusal } from '../db/ledger/record-refusal';
import { discardStaging, readCheckpoint, stageRows, type PartitionRun } from '../db/checkpoints/partition-staging';
import { failAttempt } from './attempt-failure';
import { attemptStop } from './attempt-stop';
import { attemptRateLimiter } from './rate-limiter';
import { partitionRunKeys, runWindow } from './partition-run-keys';
import { findRunInputs } from './run-inputs';
import { AttemptSupersededError, writePartition } from './write-partition';
import { shadowTables } from '../db/shadow/shadow-names';
import { NO_METRICS, type RetrofillMetrics } from '../observability/retrofill-metrics';

/** The backfill whose shadow the run writes to, or undefined for production. */
function shadowBackfill(input: MaterializePartitionInput, label: string): string | undefined {
  if (input.isolation !== 'shadow') return undefined;
  if (!input.backfillId) throw ApplicationFailure.nonRetryable(`cannot materialize ${label} in a shadow without a backfill id`, 'InvalidPartitionRange');
  return input.backfillId;
}

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

/** How often the activity reports liveness while `materialize` runs. */
const HEARTBEAT_EVERY_MS = 1_000;

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
    const { run, attempt, redo, context } = unit;
    const asset = catalog.get(input.asset);
    // A first attempt has nothing of an earlier one to find, and skips looking (three queries a partition).
    const retry = unit.resume;
    const done = retry ? await takeOverRun({ knex: db }, run, (closed) => metrics.partitionsEnded(input.asset, 'abandoned', closed)) : undefined;
    if (done) return committedResult(done);

    const keys = partitionRunKeys(asset, input);
    const label = `${asset.name}/${plannedLabel({ key: input.partitionKey, keys })}`;
    const shadowOf = shadowBackfill(input, label);
    const table = shadowOf === undefined ? asset.table : shadowTables(shadowOf, asset).read;

    const upstream = await findRunInputs(db, catalog, asset, keys, Date.now(), shadowOf);
    const identity = {
      asset: asset.name,
      codeVersion: asset.codeVersion,
      workflowId: run.workflowId,
      runId: run.runId,
      backfillId: input.backfillId,
      attempt,
      ...(shadowOf !== undefined && { shadowOf }),
      ...(redo && { redo }),
    };
    if (upstream.missing.length > 0) {
      const refusal =
        `cannot materialize ${label}: upstream partitions not materialized: ${upstream.missing.slice(0, 10).join(', ')}` +
        (upstream.missing.length > 10 ? ` and ${upstream.missing.length - 10} more` : '');
      // A failed attempt like any other: the ledger, `status --asset` and the summary tell the same story.
      await recordRefusal({ knex: db }, identity, keys.map((partitionKey, i) => ({ partitionKey, upstreamVersions: upstream.versions[i]! })), refusal);
      metrics.attemptStarted(asset.name, keys.length, retry).end('failed');
      throw ApplicationFailure.nonRetryable(refusal, 'MissingUpstream');
    }
    const started = await recordAttemptsStart(
      { knex: db },
      identity,
      keys.map((partitionKey, i) => ({
        partitionKey,
        upstreamVersions: upstream.versions[i]!,
        // Range keys are consecutive: a cumulative partition reads the one before it in the run.
        ...(asset.dependsOnPast && i > 0 && { readsWithinRun: [keys[i - 1]!] }),
      })),
    );
    // An earlier attempt committed while this one checked the inputs.
    if ('done' in started) return committedResult(started.done);
    if ('superseded' in started) {
      const { message, type } = new AttemptSupersededError(label);
      throw ApplicationFailure.create({ message, type });
    }
    const { ledgerIds } = started;
    metrics.partitionsEnded(asset.name, 'abandoned', started.closed);
    const meter = metrics.attemptStarted(asset.name, keys.length, retry);
    const began = performance.now();

    const checkpoint = retry ? await readCheckpoint({ knex: db }, run) : undefined;
    // No committed checkpoint: whatever an earlier attempt staged is not trusted.
    if (retry && checkpoint === undefined) await discardStaging({ knex: db }, run);
    const window = runWindow(asset, keys);
    // Cancellation or the asset's timeout: `materialize` sees it too, and the attempt ends without waiting for it.
    const stop = attemptStop(context.cancellationSignal, asset.timeout, label);
    const { signal } = stop;
    // The latest details are repeated by the liveness heartbeat, so Temporal's UI keeps showing them.
    let details: unknown = checkpoint;
    const heartbeat = (next: unknown) => unit.heartbeat((details = next));
    const beat = setInterval(() => unit.heartbeat(details), HEARTBEAT_EVERY_MS);
    const limiter = attemptRateLimiter(db, asset.rateLimit, (ms) => {
      metrics.rateLimitWaited(asset.name, ms);
      return context.sleep(ms);
    });
    try {
      await limiter.start();
      // Staged rows exist only if this attempt staged some or an earlier one may have: otherwise publishing skips looking.
      let staged = retry;
      const rows = await writePartition({
        db,
        asset,
        keys,
        ledgerIds,
        run,
        label,
        mayHaveStaged: () => staged,
        signal,
        ...(shadowOf !== undefined && { shadow: { backfillId: shadowOf, dataTable: shadowTables(shadowOf, asset).data } }),
        context: {
          asset: asset.name,
          partitionKey: keys[0]!,
          partitionKeys: [...keys],
          window,
          table,
          signal,
          checkpoint,
          stage: async (rows, next) => {
            staged = true;
            await stageRows({ knex: db }, run, table, rows, next);
            heartbeat(next);
          },
          rateLimit: () => limiter.next(),
          heartbeat,
        },
      });
      meter.end('succeeded', rows);
      context.log.info('partition materialized', { ...partitionFields(input.asset, keys), attempt, rows, ms: Math.round(performance.now() - began) });
      return { rows, ledgerId: ledgerIds[0]! };
    } catch (error) {
      return await failAttempt({ db, context, run, ledgerIds, meter, fields: { ...partitionFields(input.asset, keys), attempt } }, error);
    } finally {
      // Ended without writing its end (a lost connection): the rows are closed, and counted, by the redo.
      meter.close();
      stop.dispose();
      clearInterval(beat);
    }
  };
}
