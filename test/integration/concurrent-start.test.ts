/**
 * Chaos: several workers start at the same moment on a fresh database (a
 * deployment scaled out, or all workers restarted together). Each runs
 * `prepareDatabase` (Retrofill's migrations, then the assets' setup) before
 * it takes work; every one of them must get through it. The same race is what
 * made two `retrofill worker` processes started together fail with
 * `create table "retrofill_migrations" ... duplicate key value violates unique
 * constraint "pg_class_relname_nsp_index"` (the other chaos files start their
 * workers one after the other for that reason).
 */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAssetsModule } from '../../assets/load-assets-module';
import { connectDatabase } from '../../db/connect';
import { prepareDatabase } from '../../worker/prepare-database';
import { createTestDatabase } from '../helpers/test-database';

const WORKERS = 4;
const ROUNDS = 3;

describe('workers starting at once on a fresh database', () => {
  it(`all prepare it: ${WORKERS} at once, ${ROUNDS} fresh databases`, async () => {
    const catalog = await loadAssetsModule(resolve(__dirname, '../chaos/fixtures/chaos-assets.ts'));
    const outcomes: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const database = await createTestDatabase();
      // One pool per worker, as each worker process has its own.
      const pools = Array.from({ length: WORKERS }, () => connectDatabase({ url: database.url, poolMax: 3 }));
      try {
        const results = await Promise.allSettled(pools.map((db) => prepareDatabase(db, catalog)));
        for (const r of results) outcomes.push(r.status === 'fulfilled' ? 'ready' : `failed: ${String(r.reason).slice(0, 200)}`);
        const tables = await database.db.raw(`SELECT count(*)::int AS n FROM pg_tables WHERE tablename IN ('retrofill_ledger', 'events', 'running_totals')`);
        expect(tables.rows[0].n).toBe(3);
      } finally {
        await Promise.all(pools.map((db) => db.destroy()));
        await database.drop();
      }
    }
    expect(outcomes.filter((o) => o !== 'ready')).toEqual([]);
  });
});
