/** A fresh database per test file on the shared PostgreSQL server, dropped afterwards. */
import { inject } from 'vitest';
import { createScratchDatabase, type ScratchDatabase } from '../../local/scratch-database';

export type TestDatabase = ScratchDatabase;

export function createTestDatabase(): Promise<TestDatabase> {
  return createScratchDatabase(inject('adminDatabaseUrl'), 'retrofill_test');
}
