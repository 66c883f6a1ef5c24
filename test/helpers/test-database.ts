/** A fresh database per test file on the shared PostgreSQL server, dropped afterwards. */
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { inject } from 'vitest';
import { connectDatabase } from '../../db/connect';

export interface TestDatabase {
  url: string;
  db: Knex;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = inject('adminDatabaseUrl');
  const name = `retrofill_test_${randomBytes(5).toString('hex')}`;
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
