/**
 * Chaos, distilled: the flaky-API backfill (flaky-api.test.ts) intermittently
 * committed partitions EMPTY and marked them succeeded (row_count 0), with
 * every page served and staged. Cause, reproduced here deterministically with
 * one connection per side: a fresh attempt's `discardStaging` runs `DROP
 * TABLE IF EXISTS <staging>` on a pooled connection, which leaves PostgreSQL
 * a cached "no such relation" entry for that name in that backend; when the
 * same connection then runs the partition's transaction, the staging table
 * is created by `stage()` on another connection after that transaction
 * began, and `publishStaged`'s `to_regclass()` (a catalog lookup without a
 * lock, so without processing other sessions' invalidations) still answers
 * NULL: nothing is published, and the empty partition commits.
 */
import { describe, expect, it } from 'vitest';
import { connectDatabase } from '../../db/connect';
import { migrate } from '../../db/migrate';
import { discardStaging, publishStaged, stageRows } from '../../db/checkpoints/partition-staging';
import { createTestDatabase } from '../helpers/test-database';

const ROUNDS = 3;

describe('a partition transaction on a connection that discarded the staging before', () => {
  it('publishes the rows another connection staged meanwhile', async () => {
    const database = await createTestDatabase();
    // One connection each: the partition's transaction runs where the fresh start discarded the staging.
    const partitionSide = connectDatabase({ url: database.url, poolMax: 1 });
    const stagingSide = connectDatabase({ url: database.url, poolMax: 1 });
    try {
      await migrate(database.db);
      await database.db.schema.createTable('items', (t) => {
        t.date('day').notNullable();
        t.text('id').primary();
      });
      const published: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const run = { workflowId: `staging-visibility/items/${round}`, runId: `run-${round}` };
        const rows = Array.from({ length: 5 }, (_, i) => ({ day: '2024-01-01', id: `${round}-${i}` }));
        // A fresh attempt: no checkpoint, so whatever was staged before is discarded.
        await discardStaging({ knex: partitionSide }, run);
        published.push(
          await partitionSide.transaction(async (trx) => {
            await trx('items').where({ day: '2024-01-01' }).delete();
            // What `ctx.stage()` does while `materialize` runs: its own connection, committed at once.
            await stageRows({ knex: stagingSide }, run, 'items', rows, { nextPage: null });
            await publishStaged(trx, run, 'items');
            const [row] = await trx('items').where('id', 'like', `${round}-%`).count({ n: '*' });
            return Number(row!.n);
          }),
        );
      }
      expect(published).toEqual(Array(ROUNDS).fill(5));
    } finally {
      await partitionSide.destroy();
      await stagingSide.destroy();
      await database.drop();
    }
  });
});
