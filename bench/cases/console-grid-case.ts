/**
 * j. The console's partition grid at scale: the no-op hourly asset (148,000
 * hours since 2010) with 100,000 of them materialized, opened in headless
 * Chromium. Measured: reading the grid's data (the assetStatus workflow over
 * the ledger, through the console's API), and the page's first render of the
 * grid from navigation. The ledger rows are written by one INSERT (what is
 * measured is the console, not backfilling 100,000 partitions).
 */
import { join } from 'node:path';
import { startConsole } from '../../console/server/start-console';
import { existsSync } from 'node:fs';
import { CHROMIUM_INSTALL_HINT, CHROMIUM_PATH, launchBrowser } from '../../dev/headless-chromium';
import { startBenchDeployment, type BenchServers } from '../bench-deployment';
import type { BenchRow } from '../report';

const NOOP = join(__dirname, '..', 'noop', 'assets.ts');
const MATERIALIZED = 100_000;
const RUNS = 3;

export async function consoleGridCase(servers: BenchServers, out: { rows: BenchRow[]; figures: Record<string, unknown> }, log: (line: string) => void): Promise<void> {
  if (!existsSync(CHROMIUM_PATH)) {
    out.rows.push({ case: 'j. console grid', partitions: 0, ms: 0, notes: `skipped: no Chromium at ${CHROMIUM_PATH} (${CHROMIUM_INSTALL_HINT})` });
    return;
  }
  const deployment = await startBenchDeployment(servers, NOOP);
  const codeVersion = deployment.catalog.get('noop_hours').codeVersion;
  await deployment.db.raw(
    `INSERT INTO retrofill_ledger (asset, partition_key, code_version, status, started_at, finished_at, workflow_id, run_id, attempt, row_count, error)
     SELECT 'noop_hours', to_char(h AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24'), ?,
            CASE WHEN n % 997 = 0 THEN 'failed' ELSE 'succeeded' END, h, h + interval '2 ms', 'bench-console-seed', 'seed', 1, 0,
            CASE WHEN n % 997 = 0 THEN 'seeded failure' END
     FROM generate_series(0, ? - 1) AS n, LATERAL (SELECT timestamptz '2010-01-01 00:00:00+00' + n * interval '1 hour' AS h) AS t`,
    [codeVersion, MATERIALIZED],
  );
  const running = await startConsole({ client: deployment.client, port: 0 });
  const browser = await launchBrowser();
  try {
    const api = new URL('/api/assets/noop_hours/partitions', running.url).toString();
    const apiMs: number[] = [];
    const renderMs: number[] = [];
    let partitions = 0;
    for (let i = 0; i < RUNS; i++) {
      const began = performance.now();
      const report = (await (await fetch(api)).json()) as { keys: string[] };
      apiMs.push(performance.now() - began);
      partitions = report.keys.length;
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      const opened = performance.now();
      await page.goto(new URL('/assets/noop_hours', running.url).toString());
      await page.locator('[role=gridcell]').first().waitFor({ timeout: 60_000 });
      renderMs.push(performance.now() - opened);
      await page.close();
    }
    const best = (xs: number[]) => Math.min(...xs);
    log(`grid of ${partitions} partitions: data ${apiMs.map(Math.round).join(', ')} ms; first render ${renderMs.map(Math.round).join(', ')} ms`);
    out.rows.push({
      case: `j. console grid, ${partitions} hourly partitions`,
      partitions,
      ms: best(renderMs),
      notes: `first render from navigation (reading the ledger included), best of ${RUNS}: ${renderMs.map((ms) => (ms / 1000).toFixed(2)).join(', ')} s; the data alone (assetStatus through the API): ${apiMs.map((ms) => (ms / 1000).toFixed(2)).join(', ')} s`,
    });
    out.figures.consoleGrid = { partitions, materialized: MATERIALIZED, renderMs, apiMs };
  } finally {
    await browser.close();
    await running.close();
    await deployment.stop();
  }
}
