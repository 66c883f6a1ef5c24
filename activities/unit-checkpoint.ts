/**
 * Checkpoints of a unit's attempts: a retry resumes from the checkpoint an
 * earlier attempt committed with its staged rows, and `ctx.stage` commits
 * more rows with the next checkpoint (db/checkpoints/partition-staging.ts).
 */
import type { Knex } from 'knex';
import type { MaterializeContext } from '../assets/define-asset';
import { discardStaging, readCheckpoint, stageRows, type PartitionRun } from '../db/checkpoints/partition-staging';

/** The checkpoint a retry resumes from (undefined for a first attempt, which skips looking). */
export async function resumeCheckpoint(db: Knex, run: PartitionRun, retry: boolean): Promise<unknown> {
  if (!retry) return undefined;
  const checkpoint = await readCheckpoint({ knex: db }, run);
  // No committed checkpoint: whatever an earlier attempt staged is not trusted.
  if (checkpoint === undefined) await discardStaging({ knex: db }, run);
  return checkpoint;
}

/** An attempt's `ctx.stage`, and whether the run may have staged rows its write must publish. */
export interface UnitStaging {
  stage: MaterializeContext['stage'];
  mayHaveStaged: () => boolean;
}

/**
 * Staging of the attempt: rows shaped like `table`, each call committed with
 * its checkpoint and reported as the attempt's heartbeat details.
 */
export function unitStaging(db: Knex, run: PartitionRun, table: string, retry: boolean, heartbeat: (details: unknown) => void): UnitStaging {
  // Staged rows exist only if this attempt staged some or an earlier one may have: otherwise publishing skips looking.
  let staged = retry;
  return {
    mayHaveStaged: () => staged,
    stage: async (rows, next) => {
      staged = true;
      await stageRows({ knex: db }, run, table, rows, next);
      heartbeat(next);
    },
  };
}
