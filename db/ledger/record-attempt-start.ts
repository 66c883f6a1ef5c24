import type { Knex } from 'knex';
import { rawRows } from '../raw-rows';
import { LEDGER_TABLE, type DbLedgerRow } from '../rows';
import { TAKEN_OVER, closeOpenAttempts, lockRun, takeOverRun } from './close-open-attempts';
import type { RunSuccess } from './find-run-success';
import { OUTAGE_ERROR_PREFIX } from './fail-running-attempts';

/** Identifies one attempt of a materialization. */
export interface AttemptIdentity {
  asset: string;
  codeVersion: string;
  workflowId: string;
  runId: string;
  backfillId: string | null;
  attempt: number;
  /** The shadow backfill the attempt writes to; absent for a production write. */
  shadowOf?: string;
  /**
   * The same attempt starting over after a database outage cut it off: its own
   * rows, recorded failed with `OUTAGE_ERROR_PREFIX`, do not fence it.
   */
  redo?: boolean;
}

/** One partition an attempt writes, with the upstream versions it reads. */
export interface AttemptPartition {
  partitionKey: string;
  upstreamVersions: Record<string, string>;
  /** Keys of the same asset this partition reads that the same run writes (a cumulative range). */
  readsWithinUnit?: string[];
}

/**
 * Whether Temporal gave up on attempt `a`: its run holds rows of this attempt
 * number or a later one (a later attempt's, or the run's settlement's), other
 * than those a `redo`'s own cut-off run recorded. Call it under `lockRun`.
 */
export async function isSuperseded(trx: Knex.Transaction, a: AttemptIdentity): Promise<boolean> {
  return (await supersedingRows(trx, a).first()) !== undefined;
}

/** The rows that fence attempt `a` (see isSuperseded), as a query. */
function supersedingRows(trx: Knex.Transaction, a: AttemptIdentity): Knex.QueryBuilder {
  return trx(LEDGER_TABLE)
    .select('id')
    .where({ workflow_id: a.workflowId, run_id: a.runId })
    .andWhere((q) => {
      q.where('attempt', '>', a.attempt);
      if (!a.redo) q.orWhere('attempt', a.attempt);
      // A redo is fenced by a row of its own number that the outage did not write (a settlement's).
      else {
        q.orWhere((same) => {
          same.where('attempt', a.attempt).andWhere((w) => {
            w.whereNot('status', 'failed').orWhereNot('error', 'like', `${OUTAGE_ERROR_PREFIX}%`);
          });
        });
      }
    });
}

/**
 * Takes over from earlier attempts of the same workflow run: those still
 * running are marked abandoned (their worker died, or Temporal gave up on
 * them), which fences their commit; if one of them committed after all, its
 * success is returned instead. Otherwise records this attempt as running: one
 * row per partition it writes (one, or each of a `singleRun` range), inserted
 * at once. The rows are committed before the partition's transaction starts,
 * so the ledger shows what is running; repeating it for a retried attempt
 * adds new rows. An attempt is refused (`superseded`) when the run already
 * holds rows of this attempt number or a later one: Temporal gave up on it,
 * and a later attempt or the run's settlement wrote them (a `redo` is not
 * fenced by the rows its own cut-off run recorded).
 * @returns their ids, in the order of `partitions`, and how many earlier attempts it closed
 */
export async function recordAttemptsStart(
  { knex }: { knex: Knex },
  a: AttemptIdentity,
  partitions: AttemptPartition[],
): Promise<{ ledgerIds: string[]; closed: number } | { done: RunSuccess } | { superseded: true }> {
  return knex.transaction(async (trx) => {
    const run = { workflowId: a.workflowId, runId: a.runId };
    await lockRun(trx, run);
    let closed = 0;
    const rows =
      a.attempt > 1 || a.redo ? await takeOverThenInsert(trx, a, partitions, (n) => (closed = n)) : await insertUnlessSuperseded(trx, a, partitions);
    if (!Array.isArray(rows)) return rows;
    // RETURNING order is not promised for a multi-row insert: match by key.
    const idOf = new Map(rows.map((r) => [r.partition_key, String(r.id)]));
    // Inputs written by this same run get their version now that their rows have ids, so a
    // cumulative range does not look stale to planning (each partition read the one before).
    for (const p of partitions) {
      for (const key of p.readsWithinUnit ?? []) {
        await trx(LEDGER_TABLE)
          .where({ id: idOf.get(p.partitionKey)! })
          .update({ upstream_versions: trx.raw('upstream_versions || jsonb_build_object(?::text, ?::text)', [`${a.asset}/${key}`, idOf.get(key)!]) });
      }
    }
    return { ledgerIds: partitions.map((p) => idOf.get(p.partitionKey)!), closed };
  });
}

interface InsertedRow {
  id: string | number;
  partition_key: string;
}
type InsertedRows = InsertedRow[];

/** A retry, or a redo after an outage: fenced, then takes over from the attempts before it (or finds their success). */
async function takeOverThenInsert(
  trx: Knex.Transaction,
  a: AttemptIdentity,
  partitions: AttemptPartition[],
  onClosed: (closed: number) => void,
): Promise<InsertedRows | { done: RunSuccess } | { superseded: true }> {
  if (await isSuperseded(trx, a)) return { superseded: true as const };
  const run = { workflowId: a.workflowId, runId: a.runId };
  const done = a.attempt > 1 ? await takeOverRun({ knex: trx }, run, onClosed) : (onClosed(await closeOpenAttempts({ knex: trx }, run, TAKEN_OVER)), undefined);
  if (done) return { done };
  return trx<DbLedgerRow>(LEDGER_TABLE).insert(partitions.map((p) => runningRow(trx, a, p))).returning(['id', 'partition_key']);
}

/**
 * A first attempt has nobody to take over from: the fence and the insert are
 * one statement (under `lockRun`, so its snapshot sees any settlement that
 * committed first). No row inserted means it was fenced.
 */
async function insertUnlessSuperseded(trx: Knex.Transaction, a: AttemptIdentity, partitions: AttemptPartition[]): Promise<InsertedRows | { superseded: true }> {
  const rows = await rawRows<InsertedRow>(
    trx,
    `INSERT INTO ?? (asset, partition_key, code_version, upstream_versions, status, started_at, workflow_id, run_id, backfill_id, attempt, shadow_of)
     SELECT ?, p.partition_key, ?, p.upstream_versions, 'running', clock_timestamp(), ?, ?, ?, ?, ?
       FROM jsonb_to_recordset(?::jsonb) AS p(partition_key text, upstream_versions jsonb)
      WHERE NOT EXISTS (?)
     RETURNING id, partition_key`,
    [
      LEDGER_TABLE,
      a.asset,
      a.codeVersion,
      a.workflowId,
      a.runId,
      a.backfillId,
      a.attempt,
      a.shadowOf ?? null,
      JSON.stringify(partitions.map((p) => ({ partition_key: p.partitionKey, upstream_versions: p.upstreamVersions }))),
      supersedingRows(trx, a),
    ],
  );
  return rows.length === partitions.length ? rows : { superseded: true as const };
}

/** The ledger row of a starting attempt at partition `p`. */
function runningRow(trx: Knex.Transaction, a: AttemptIdentity, p: AttemptPartition) {
  return {
    asset: a.asset,
    partition_key: p.partitionKey,
    code_version: a.codeVersion,
    upstream_versions: p.upstreamVersions,
    status: 'running' as const,
    started_at: trx.raw('clock_timestamp()') as unknown as Date,
    workflow_id: a.workflowId,
    run_id: a.runId,
    backfill_id: a.backfillId,
    attempt: a.attempt,
    shadow_of: a.shadowOf ?? null,
  };
}
