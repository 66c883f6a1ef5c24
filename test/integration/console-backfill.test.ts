/**
 * The web console as a person uses it, in headless Chromium against the real
 * servers: open it on the demo's assets, plan a backfill from the form, start
 * it, watch the progress bars move and the grid's partitions turn from missing
 * to materialized, all in one page load (no reload).
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConsoleSession, type ConsoleSession } from '../helpers/console-session';

const DEMO_ASSETS = join(__dirname, '../../examples/demo/assets.ts');

let session: ConsoleSession;
let page: Page;
const eventsBefore = process.env.RETROFILL_DEMO_EVENTS_PER_DAY;

beforeAll(async () => {
  // Days with real work (about 0.1 s each), so the backfill runs long enough to be watched.
  process.env.RETROFILL_DEMO_EVENTS_PER_DAY = '20000';
  session = await startConsoleSession(DEMO_ASSETS);
  page = session.page;
});

afterAll(async () => {
  if (eventsBefore === undefined) delete process.env.RETROFILL_DEMO_EVENTS_PER_DAY;
  else process.env.RETROFILL_DEMO_EVENTS_PER_DAY = eventsBefore;
  await session?.stop('console-backfill');
});

/** The grid's cells of the given keys, by status, as the page shows them now. */
const cellStatuses = (keys: string[]) =>
  page.$$eval('[role=gridcell]', (cells, wanted) => cells.filter((c) => wanted.includes(c.getAttribute('data-key'))).map((c) => c.getAttribute('data-status')), keys);

const JANUARY = Array.from({ length: 31 }, (_, i) => `2023-01-${String(i + 1).padStart(2, '0')}`);

describe('the console: plan, start and watch a demo backfill', () => {
  it('shows every asset of the demo, with its counts, on the assets page', async () => {
    await page.goto(session.url('/'));
    await page.getByRole('heading', { name: 'Assets' }).waitFor();
    for (const asset of ['customers', 'raw_events', 'daily_revenue', 'customer_lifetime_value', 'monthly_revenue']) {
      await page.locator(`tr[data-asset="${asset}"]`).waitFor();
    }
    expect(await page.locator('tr[data-asset="daily_revenue"] [data-count="materialized"]').textContent()).toBe('0');
    // Marks this page load: a reload would lose it.
    await page.evaluate(() => ((globalThis as unknown as { loadMark: number }).loadMark = 42));
  });

  it('shows daily_revenue missing in its grid before the backfill', async () => {
    await page.getByRole('link', { name: 'daily_revenue' }).first().click();
    await page.locator('[role=gridcell][data-key="2023-01-31"]').waitFor();
    expect(new Set(await cellStatuses(JANUARY))).toEqual(new Set(['missing']));
  });

  let backfillUrl: string;
  it('plans January from the form: what would run and why, then starts it', async () => {
    await page.getByRole('link', { name: 'Plan a backfill' }).click();
    await page.getByRole('checkbox', { name: 'raw_events' }).check();
    await page.getByRole('checkbox', { name: 'customers' }).check();
    await page.getByLabel('From', { exact: true }).fill('2023-01-01');
    await page.getByLabel('To', { exact: true }).fill('2023-01-31');
    await page.getByLabel('Concurrency', { exact: true }).fill('2');
    await page.getByRole('button', { name: 'Plan' }).click();
    const plan = page.getByRole('region', { name: 'The plan' });
    await plan.getByText('partitions would run').waitFor();
    // customers, then 31 days of raw_events, daily_revenue and lifetime value, and monthly_revenue's January.
    expect(await plan.getByRole('heading').textContent()).toBe('95 of 95 partitions would run (stale)');
    expect(await plan.locator('tr[data-plan-asset="daily_revenue"]').textContent()).toContain('never materialized');
    // raw_events/2023-01-01, then the 31 days of lifetime value one after another.
    expect(await plan.textContent()).toContain('longest chain 32');
    await page.getByRole('button', { name: 'Start' }).click();
    await page.waitForURL(/\/backfills\/backfill-/);
    backfillUrl = page.url();
  });

  it('moves the progress bars while it runs, and ends completed', async () => {
    const seen = new Set<string>();
    const bar = page.getByRole('progressbar', { name: /^raw_events:/ });
    await bar.waitFor();
    for (let i = 0; i < 200 && (await page.locator('[data-state]').getAttribute('data-state')) !== 'completed'; i++) {
      seen.add((await bar.getAttribute('aria-label')) ?? '');
      await page.waitForTimeout(100);
    }
    await page.locator('[data-state="completed"]').waitFor({ timeout: 60_000 });
    const between = [...seen].filter((label) => !/: 0 of 31 done$/.test(label) && !/: 31 of 31 done$/.test(label));
    expect(between.length, `raw_events bar labels seen: ${[...seen].join(' | ')}`).toBeGreaterThanOrEqual(2);
    expect(await page.getByRole('progressbar', { name: /^daily_revenue:/ }).getAttribute('aria-label')).toBe('daily_revenue: 31 of 31 done');
  });

  it('shows the partitions materialized in the grid, in the same page load', async () => {
    await page.getByRole('link', { name: 'Assets', exact: true }).click();
    await page.getByRole('link', { name: 'daily_revenue' }).first().click();
    await page.locator('[role=gridcell][data-key="2023-01-31"][data-status="materialized"]').waitFor();
    expect(new Set(await cellStatuses(JANUARY))).toEqual(new Set(['materialized']));
    expect(await page.evaluate(() => (globalThis as unknown as { loadMark?: number }).loadMark)).toBe(42);
    // The ledger agrees with the page.
    const succeeded = await session.deployment.database.db('retrofill_ledger').countDistinct({ n: 'partition_key' }).where({ asset: 'daily_revenue', status: 'succeeded' });
    expect(Number(succeeded[0]!.n)).toBe(31);
    expect(backfillUrl).toContain('/backfills/');
  });

  it('opens a partition from the grid with its attempt: rows, code version, backfill', async () => {
    await page.locator('[role=gridcell][data-key="2023-01-15"]').click();
    const detail = page.getByRole('region', { name: 'Partition 2023-01-15' });
    await detail.waitFor();
    expect(await detail.locator('[data-detail="status"]').textContent()).toBe('materialized');
    const row = await session.deployment.database.db('retrofill_ledger').where({ asset: 'daily_revenue', partition_key: '2023-01-15', status: 'succeeded' }).first();
    expect(await detail.textContent()).toContain(row.backfill_id);
    expect(await detail.locator('tbody tr').first().textContent()).toContain(`${row.row_count}`);
  });
});
