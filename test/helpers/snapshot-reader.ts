/**
 * A reader that keeps reading tables, each pass in one REPEATABLE READ
 * snapshot, as a dashboard or a downstream job would while a publish runs.
 */
import type { Knex } from 'knex';
import { tableChecksum } from '../../examples/demo/reference';
import type { Checksums } from './demo-state';

export interface SnapshotReader {
  /** Stops after the pass under way and returns every pass's checksums, in order. */
  stop(): Promise<Checksums[]>;
}

/** Reads `tables` (name → row order) again and again until stopped. */
export function startSnapshotReader(db: Knex, tables: Record<string, string>): SnapshotReader {
  let stopping = false;
  const passes: Checksums[] = [];
  const loop = (async () => {
    do {
      passes.push(
        await db.transaction(async (trx) => {
          await trx.raw('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
          const seen: Checksums = {};
          for (const [table, order] of Object.entries(tables)) seen[table] = await tableChecksum(trx, table, order);
          return seen;
        }),
      );
    } while (!stopping);
  })();
  return {
    async stop() {
      stopping = true;
      await loop;
      return passes;
    },
  };
}
