/**
 * The console's screenshots in the README (docs/images/console-*.png): the
 * demo on fresh local servers, January backfilled, then February running at
 * concurrency 2, captured in headless Chromium while it runs.
 *
 *   npm run screenshots:console
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { NativeConnection, DefaultLogger, Runtime } from '@temporalio/worker';
import { loadAssetsModule } from '../assets/load-assets-module';
import { RetrofillClient } from '../client/retrofill-client';
import { startConsole } from '../console/server/start-console';
import { startEmbeddedPostgres } from '../local/embedded-postgres';
import { createScratchDatabase } from '../local/scratch-database';
import { startTemporalDevServer } from '../local/temporal-dev-server';
import { createRetrofillWorker } from '../worker/create-worker';
import { launchBrowser } from './headless-chromium';

const ROOT = join(__dirname, '..');
const OUT = join(ROOT, 'docs', 'images');
const TASK_QUEUE = 'retrofill-screenshots';

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const [temporal, postgres] = await Promise.all([startTemporalDevServer({ uiPort: false }), startEmbeddedPostgres()]);
  const scratch = await createScratchDatabase(postgres.url, 'retrofill_screenshots');
  const native = await NativeConnection.connect({ address: temporal.address });
  const catalog = await loadAssetsModule(join(ROOT, 'examples', 'demo', 'assets.ts'));
  const worker = await createRetrofillWorker({ connection: native, taskQueue: TASK_QUEUE, catalog, db: scratch.db });
  const running = worker.run();
  const client = await RetrofillClient.connect({ address: temporal.address, taskQueue: TASK_QUEUE });
  const web = await startConsole({ client, port: 0, refreshMs: 300 });
  const browser = await launchBrowser();
  try {
    await (await client.start({ assets: ['customers', 'raw_events'], from: '2023-01-01', to: '2023-01-31', downstream: true })).result();
    // February with real work a day, so it is still running when captured.
    process.env.RETROFILL_DEMO_EVENTS_PER_DAY = '40000';
    const february = await client.start({ assets: ['raw_events'], from: '2023-02-01', to: '2023-02-28', downstream: true, maxConcurrency: 2 }, 'backfill-february');
    const page = await browser.newPage({ viewport: { width: 1100, height: 760 } });
    mkdirSync(OUT, { recursive: true });
    await page.goto(new URL('/backfills/backfill-february', web.url).toString());
    await page.locator('[data-state="running"]').waitFor();
    await page.waitForTimeout(2_500);
    await page.screenshot({ path: join(OUT, 'console-backfill.png') });
    await page.getByRole('link', { name: 'Assets', exact: true }).click();
    await page.locator('tr[data-asset="daily_revenue"]').waitFor();
    await page.screenshot({ path: join(OUT, 'console-assets.png') });
    await page.locator('table.assets').getByRole('link', { name: 'daily_revenue' }).click();
    await page.locator('[role=gridcell][data-key="2023-01-15"]').click();
    await page.getByRole('region', { name: 'Partition 2023-01-15' }).waitFor();
    await page.screenshot({ path: join(OUT, 'console-grid.png') });
    await february.cancel();
    console.log(`wrote ${OUT}/console-{assets,grid,backfill}.png`);
  } finally {
    await browser.close();
    await web.close();
    await client.close();
    worker.shutdown();
    await running.catch(() => undefined);
    await native.close();
    await scratch.drop().catch(() => undefined);
    await Promise.all([temporal.stop(), postgres.stop()]);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
