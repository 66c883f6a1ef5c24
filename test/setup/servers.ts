/**
 * Starts the real servers the integration tests use: a Temporal dev server
 * (the `temporal` CLI, built if missing) and PostgreSQL (embedded, or
 * `DATABASE_URL`). Tests read their addresses with `inject()`.
 */
import type { TestProject } from 'vitest/node' with { 'resolution-mode': 'import' };
import { startEmbeddedPostgres } from '../../local/embedded-postgres';
import { startTemporalDevServer } from '../../local/temporal-dev-server';
import { ensureTemporalCli } from '../../local/temporal-cli';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    temporalCli: string;
    /** A PostgreSQL URL whose user may create databases. */
    adminDatabaseUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const temporalCli = ensureTemporalCli();
  const [temporal, postgres] = await Promise.all([
    startTemporalDevServer({ uiPort: false }),
    process.env.DATABASE_URL ? Promise.resolve(undefined) : startEmbeddedPostgres(),
  ]);
  project.provide('temporalAddress', temporal.address);
  project.provide('temporalCli', temporalCli);
  project.provide('adminDatabaseUrl', process.env.DATABASE_URL ?? postgres!.url);
  return async () => {
    await Promise.all([temporal.stop(), postgres?.stop()]);
  };
}
