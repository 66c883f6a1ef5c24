/**
 * `npm run demo`: starts embedded PostgreSQL and a Temporal dev server (or
 * uses DATABASE_URL / TEMPORAL_ADDRESS), runs a worker for the demo assets,
 * backfills Q1 2023 of the whole DAG, prints the summary and checks it against
 * the one-pass SQL reference, then shuts everything down.
 */
import { extname, join } from 'node:path';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { loadAssetsModule } from '../../assets/load-assets-module';
import { formatSummary } from '../../cli/views/format-summary';
import { RetrofillClient } from '../../client/retrofill-client';
import { connectDatabase } from '../../db/connect';
import { startEmbeddedPostgres } from '../../local/embedded-postgres';
import { preferredPort } from '../../local/free-port';
import { startTemporalDevServer } from '../../local/temporal-dev-server';
import { createRetrofillWorker } from '../../worker/create-worker';
import { DEMO_TABLES, buildReference, tableChecksum } from './reference';

const REQUEST = { assets: ['customers', 'raw_events'], from: '2023-01-01', to: '2023-03-31', downstream: true, maxConcurrency: 8 };

export async function runDemo(): Promise<boolean> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const cleanups: Array<() => Promise<unknown>> = [];
  try {
    console.log('Starting PostgreSQL and the Temporal dev server...');
    const [postgres, temporal] = await Promise.all([
      process.env.DATABASE_URL ? undefined : startEmbeddedPostgres(),
      process.env.TEMPORAL_ADDRESS
        ? undefined
        : startTemporalDevServer({ port: await preferredPort(7233), uiPort: await preferredPort(8233) }),
    ]);
    if (postgres) cleanups.unshift(() => postgres.stop());
    if (temporal) cleanups.unshift(() => temporal.stop());
    const address = process.env.TEMPORAL_ADDRESS ?? temporal!.address;
    const db = connectDatabase({ url: process.env.DATABASE_URL ?? postgres!.url });
    cleanups.unshift(() => db.destroy());

    const catalog = await loadAssetsModule(join(__dirname, `assets${extname(__filename)}`)) // .js in the built package;
    const connection = await NativeConnection.connect({ address });
    cleanups.unshift(() => connection.close());
    const worker = await createRetrofillWorker({ connection, catalog, db, taskQueue: 'retrofill-demo' });
    const running = worker.run();
    cleanups.unshift(async () => {
      worker.shutdown();
      await running;
    });

    const client = await RetrofillClient.connect({ address, taskQueue: 'retrofill-demo' });
    cleanups.unshift(() => client.close());
    const handle = await client.start(REQUEST);
    console.log(`Backfill ${handle.backfillId} started: ${JSON.stringify(REQUEST)}`);
    if (temporal?.uiUrl) {
      console.log(`Temporal UI: ${temporal.uiUrl}/namespaces/default/workflows/${handle.backfillId} (open while it runs)`);
    }
    const summary = await handle.result();
    console.log(formatSummary(summary));

    await buildReference(db, new Date('2023-01-01T00:00:00Z'), new Date('2023-04-01T00:00:00Z'));
    let same = true;
    for (const [table, order] of Object.entries(DEMO_TABLES)) {
      const [got, want] = await Promise.all([tableChecksum(db, table, order), tableChecksum(db, `ref_${table}`, order)]);
      const equal = got.md5 === want.md5 && got.rows === want.rows;
      same &&= equal;
      console.log(`  ${table.padEnd(24)} ${String(got.rows).padStart(6)} rows  ${equal ? 'equals' : 'DIFFERS FROM'} the one-pass SQL reference`);
    }
    return summary.outcome === 'completed' && same;
  } finally {
    for (const cleanup of cleanups) await cleanup().catch(() => undefined);
    console.log('Shut down.');
  }
}

if (require.main === module) {
  runDemo().then(
    (ok) => process.exit(ok ? 0 : 1),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
