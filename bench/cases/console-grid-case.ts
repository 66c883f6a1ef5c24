/**
 * j. The console's partition grid at scale: a no-op asset of 100,000 hourly
 * partitions, all materialized but one in 997 failed, opened in headless
 * Chromium. Measured: reading the grid's data (the assetStatus workflow over
 * the ledger, through the console's API), and the page's first render of the
 * grid from navigation. The ledger rows are written by one INSERT (what is
 * measured is the console, not backfilling 100,000 partitions).
 */
import { join } from 'node:path';
import { startConsole } from '../../console/server/start-console';
import { unpackedAssetStatus, type PackedAssetStatus } from '../../core/status/asset-status';
import { existsSync } from 'node:fs';
import { CHROMIUM_INSTALL_HINT, CHROMIUM_PATH, launchBrowser } from '../../dev/headless-chromium';
import { startBenchDeployment, type BenchServers } from '../bench-deployment';
import type { BenchRow } from '../report';

const HOURS = join(__dirname, '..', 'console', 'assets.ts');
const MATERIALIZED = 100_000;
const RUNS = 3;

export async function consoleGridCase(servers: BenchServers, out: { rows: BenchRow[]; figures: Record<string, unknown> }, log: (line: string) => void): Promise<void> {
  if (!existsSync(CHROMIUM_PATH)) {
    out.rows.push({ case: 'j. console grid', partitions: 0, ms: 0, notes: `skipped: no Chromium at ${CHROMIUM_PATH} (${CHROMIUM_INSTALL_HINT})` });
    return;
  }
  const deployment = await startBenchDeployment(servers, HOURS);
  const codeVersion = deployment.catalog.get('console_hours').codeVersion;
  await deployment.db.raw(
    `INSERT INTO retrofill_ledger (asset, partition_key, code_version, status, started_at, finished_at, workflow_id, run_id, attempt, row_count, error)
     SELECT 'console_hours', to_char(h AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24'), ?,
            CASE WHEN n % 997 = 0 THEN 'failed' ELSE 'succeeded' END, h, h + interval '2 ms', 'bench-console-seed', 'seed', 1, 0,
            CASE WHEN n % 997 = 0 THEN 'seeded failure' END
     FROM generate_series(0, ? - 1) AS n, LATERAL (SELECT timestamptz '2010-01-01 00:00:00+00' + n * interval '1 hour' AS h) AS t`,
    [codeVersion, MATERIALIZED],
  );
  const running = await startConsole({ client: deployment.client, port: 0 });
  const browser = await launchBrowser();
  try {
    const api = new URL('/api/assets/console_hours/partitions', running.url).toString();
    const apiMs: number[] = [];
    const renderMs: number[] = [];
    /** In the page, ms from navigation: the API asked, its data in, the grid laid out, drawn. */
    const phases: unknown[] = [];
    let partitions = 0;
    for (let i = 0; i < RUNS; i++) {
      const began = performance.now();
      const report = unpackedAssetStatus((await (await fetch(api)).json()) as PackedAssetStatus);
      apiMs.push(performance.now() - began);
      partitions = report.keys.length;
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      const opened = performance.now();
      await page.goto(new URL('/assets/console_hours', running.url).toString());
      await page.locator('[role=gridcell]').first().waitFor({ timeout: 60_000 });
      renderMs.push(performance.now() - opened);
      // A string, not a function: tsx would name the function's helpers with a __name the page lacks.
      phases.push(
        await page.evaluate(`(() => {
          const at = (name) => Math.round(performance.getEntriesByName(name)[0]?.startTime ?? NaN);
          const api = performance.getEntriesByType('resource').find((e) => e.name.includes('/partitions'));
          return { requested: Math.round(api?.requestStart ?? NaN), data: at('retrofill:grid-data'), model: at('retrofill:grid-model'), rendered: at('retrofill:grid-rendered') };
        })()`),
      );
      await page.close();
    }
    const best = (xs: number[]) => Math.min(...xs);
    log(`grid of ${partitions} partitions: data ${apiMs.map(Math.round).join(', ')} ms; first render ${renderMs.map(Math.round).join(', ')} ms; in the page ${JSON.stringify(phases)}`);
    out.rows.push({
      case: `j. console grid, ${partitions} hourly partitions`,
      partitions,
      ms: best(renderMs),
      notes: `first render from navigation (reading the ledger included), best of ${RUNS}: ${renderMs.map((ms) => (ms / 1000).toFixed(2)).join(', ')} s; the data alone (assetStatus through the API): ${apiMs.map((ms) => (ms / 1000).toFixed(2)).join(', ')} s`,
    });
    out.figures.consoleGrid = { partitions, materialized: MATERIALIZED, renderMs, apiMs, phases };
  } finally {
    await browser.close();
    await running.close();
    await deployment.stop();
  }
}
