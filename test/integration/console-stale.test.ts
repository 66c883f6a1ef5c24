/**
 * A code change seen from the console, against the real servers: after a
 * redeploy bumps an asset's code version, its grid shows the partitions stale
 * with the reason; a backfill planned and started from the page clears them.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devAssetsSource } from '../fixtures/dev-assets-source';
import { startConsoleSession, type ConsoleSession } from '../helpers/console-session';

const WEEK = Array.from({ length: 7 }, (_, i) => `2024-01-0${i + 1}`);

let folder: string;
let session: ConsoleSession;
let page: Page;

/** Each version in its own file: a module is loaded once per path. */
function moduleOf(version: 1 | 2): string {
  const path = join(folder, `assets-v${version}.ts`);
  writeFileSync(path, devAssetsSource(version));
  return path;
}

const cells = () =>
  page.$$eval('[role=gridcell]', (all, keys) => all.filter((c) => keys.includes(c.getAttribute('data-key'))).map((c) => [c.getAttribute('data-status'), c.getAttribute('aria-label')]), WEEK);

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'retrofill-console-stale-'));
  session = await startConsoleSession(moduleOf(1));
  page = session.page;
  const summary = await session.deployment.backfill({ assets: ['visits'], from: '2024-01-01', to: '2024-01-07' });
  expect(summary.outcome).toBe('completed');
});

afterAll(async () => {
  await session?.stop('console-stale');
  rmSync(folder, { recursive: true, force: true });
});

describe('stale partitions in the console', () => {
  it('shows the week materialized at code version 1', async () => {
    await page.goto(session.url('/assets/visits'));
    await page.locator('[role=gridcell][data-key="2024-01-07"]').waitFor();
    expect((await cells()).map(([status]) => status)).toEqual(WEEK.map(() => 'materialized'));
  });

  it('shows them stale, with the reason, once a redeploy bumps the code version', async () => {
    await session.deployment.restartWorker(moduleOf(2));
    await page.goto(session.url('/assets/visits'));
    await page.getByText('code version 2').first().waitFor();
    const shown = await cells();
    expect(shown.map(([status]) => status)).toEqual(WEEK.map(() => 'stale'));
    expect(shown[0]![1]).toBe('2024-01-01: stale (code version 2 ≠ 1 it was materialized with)');
    await page.locator('[role=gridcell][data-key="2024-01-03"]').click();
    const detail = page.getByRole('region', { name: 'Partition 2024-01-03' });
    expect(await detail.locator('[data-detail="reason"]').textContent()).toContain('code version 2 ≠ 1 it was materialized with');
  });

  it('clears them with a backfill planned and started from the page', async () => {
    await page.getByRole('link', { name: 'Plan a backfill' }).click();
    await page.getByRole('checkbox', { name: 'visits', exact: true }).check();
    await page.getByRole('checkbox', { name: 'with downstream assets' }).uncheck();
    await page.getByLabel('From', { exact: true }).fill('2024-01-01');
    await page.getByLabel('To', { exact: true }).fill('2024-01-07');
    await page.getByRole('button', { name: 'Plan' }).click();
    const plan = page.getByRole('region', { name: 'The plan' });
    expect(await plan.getByRole('heading').textContent()).toBe('7 of 7 partitions would run (stale)');
    expect(await plan.locator('tr[data-plan-asset="visits"]').textContent()).toContain('code version 2 ≠ 1 it was materialized with');
    await page.getByRole('button', { name: 'Start' }).click();
    await page.locator('[data-state="completed"]').waitFor({ timeout: 60_000 });
    await page.getByRole('link', { name: 'Assets', exact: true }).click();
    await page.locator('table.assets').getByRole('link', { name: 'visits', exact: true }).click();
    await page.locator('[role=gridcell][data-key="2024-01-07"][data-status="materialized"]').waitFor();
    expect((await cells()).map(([status]) => status)).toEqual(WEEK.map(() => 'materialized'));
    const written = await session.deployment.database.db('visits').select('written_by').distinct();
    expect(written).toEqual([{ written_by: 'v2' }]);
  });
});
