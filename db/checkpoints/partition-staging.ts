/**
 * Staged rows and the checkpoint they reach, for one partition run (the
 * materialization workflow's run, which survives activity retries). Each
 * `stage` commits rows and checkpoint together; `publish` moves the rows into
 * the asset's table inside the partition's own transaction and forgets both.
 */
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import type { Db } from '../db';

export const STAGING_SCHEMA = 'retrofill_staging';

/** A row of retrofill_checkpoints, the columns read here. */
interface CheckpointRow {
  workflow_id: string;
  run_id: string;
  checkpoint: unknown;
  staging_table: string;
}

export interface PartitionRun {
  workflowId: string;
  runId: string;
}

/** A short, safe table name for the run (PostgreSQL names are at most 63 bytes). */
export function stagingTableName(run: PartitionRun): string {
  return `stage_${createHash('sha256').update(`${run.workflowId}\u0000${run.runId}`).digest('hex').slice(0, 40)}`;
}

/** The checkpoint a previous attempt of this run committed, if any. */
export async function readCheckpoint({ knex }: { knex: Knex }, run: PartitionRun): Promise<unknown> {
  const row = await knex<CheckpointRow>('retrofill_checkpoints').where({ workflow_id: run.workflowId, run_id: run.runId }).first('checkpoint');
  return row?.checkpoint;
}

/** Forgets a run's staged rows and checkpoint (a fresh start, or after publish). */
export async function discardStaging({ knex }: { knex: Db }, run: PartitionRun): Promise<void> {
  await knex.raw('DROP TABLE IF EXISTS ??', [`${STAGING_SCHEMA}.${stagingTableName(run)}`]);
  await knex('retrofill_checkpoints').where({ workflow_id: run.workflowId, run_id: run.runId }).delete();
}

/** Appends rows to the run's staging table (shaped like `table`) and records `checkpoint`, in one transaction. */
export async function stageRows(
  { knex }: { knex: Knex },
  run: PartitionRun,
  table: string,
  rows: Record<string, unknown>[],
  checkpoint: unknown,
): Promise<void> {
  const staging = `${STAGING_SCHEMA}.${stagingTableName(run)}`;
  await knex.transaction(async (trx) => {
    await trx.raw('CREATE TABLE IF NOT EXISTS ?? (LIKE ?? INCLUDING DEFAULTS)', [staging, table]);
    if (rows.length > 0) await trx(staging).insert(rows);
    await trx('retrofill_checkpoints')
      .insert({
        workflow_id: run.workflowId,
        run_id: run.runId,
        checkpoint: JSON.stringify(checkpoint ?? null),
        staging_table: staging,
        updated_at: trx.raw('clock_timestamp()'),
      })
      .onConflict(['workflow_id', 'run_id'])
      .merge(['checkpoint', 'updated_at']);
  });
}

/**
 * Inside the partition's transaction: moves staged rows into `table`, then
 * forgets the staging. The staging table is found through the checkpoint row
 * committed with it: a catalog lookup such as to_regclass can miss a table
 * another session created after this connection last dropped that name.
 */
export async function publishStaged(trx: Knex.Transaction, run: PartitionRun, table: string): Promise<void> {
  const staged = await trx<CheckpointRow>('retrofill_checkpoints').where({ workflow_id: run.workflowId, run_id: run.runId }).first('staging_table');
  if (!staged) return;
  await trx.raw('INSERT INTO ?? SELECT * FROM ??', [table, staged.staging_table]);
  await discardStaging({ knex: trx }, run);
}
