/** A fresh, empty database on a PostgreSQL server, for a test file, the benchmark or the history recorder. */
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { connectDatabase } from '../db/connect';

export interface ScratchDatabase {
  url: string;
  db: Knex;
  /** Closes the pool and drops the database (needs no `this`: may be taken off the object). */
  drop: () => Promise<void>;
}

/** Creates `<prefix>_<random>` through `adminUrl`, whose user must be allowed to create databases. */
export async function createScratchDatabase(adminUrl: string, prefix: string): Promise<ScratchDatabase> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  const admin = connectDatabase({ url: adminUrl, poolMax: 1 });
  await admin.raw(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = connectDatabase({ url: url.toString(), poolMax: 20 });
  return {
    url: url.toString(),
    db,
    async drop() {
      await db.destroy();
      await admin.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.destroy();
    },
  };
}
