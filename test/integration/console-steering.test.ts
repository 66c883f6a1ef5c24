/**
 * Steering from the console, as a person clicks, against the real servers:
 * pause (the page shows it, and the ledger shows nothing started while
 * paused), throttle to 2 (at most 2 run at once), resume, and cancel another
 * backfill after confirming (the page shows what was done, as the ledger does).
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackfillHandle } from '../../client';
import { control } from '../fixtures/steering-assets';
import { startConsoleSession, type ConsoleSession } from '../helpers/console-session';
import { dbNow, keysStartedBetween, peakOverlap, succeededIntervalsStartedAfter } from '../helpers/ledger-queries';

const STEERING_ASSETS = join(__dirname, '../fixtures/steering-assets.ts');
// 182 quarter-second days, four at once: far longer than the steps below take.
const LONG = { assets: ['slow_days'], from: '2024-01-01', to: '2024-06-30', maxConcurrency: 4, mode: 'all' as const };
const PAUSED_MS = 2_500;

let session: ConsoleSession;
let page: Page;
let long: BackfillHandle;
const db = () => session.deployment.database.db;
const stateShown = () => page.locator('[data-state]').getAttribute('data-state');

beforeAll(async () => {
  session = await startConsoleSession(STEERING_ASSETS);
  page = session.page;
  long = await session.deployment.client.start(LONG);
});

afterAll(async () => {
  control.sleepSeconds = 0;
  await long?.cancel().catch(() => undefined);
  await session?.stop('console-steering');
});

describe('steering backfills from the console', () => {
  const at = { paused: '', resumed: '' };

  it('pauses from the page: it shows paused, and nothing starts while paused', async () => {
    await page.goto(session.url(`/backfills/${encodeURIComponent(long.backfillId)}`));
    await page.locator('[data-state="running"]').waitFor();
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.locator('[data-state="paused"]').waitFor();
    // Running partitions may finish, and a batch may start the one it was at; after a second, nothing new.
    const shownPaused = await dbNow(db());
    await page.waitForTimeout(PAUSED_MS);
    at.paused = shownPaused;
    const later = new Date(Date.parse(shownPaused) + 1_000).toISOString();
    expect(await keysStartedBetween(db(), long.backfillId, later, 'infinity')).toEqual([]);
    expect(await stateShown()).toBe('paused');
  });

  it('throttles to 2 from the page, and resumes: from then on at most 2 run at once', async () => {
    const steer = page.getByRole('group', { name: 'Steer this backfill' });
    await steer.getByLabel('Concurrency').fill('2');
    await steer.getByRole('button', { name: 'Throttle' }).click();
    await page.locator('[data-concurrency]', { hasText: /^2$/ }).waitFor();
    await page.getByRole('button', { name: 'Resume' }).click();
    await page.locator('[data-state="running"]').waitFor();
    at.resumed = await dbNow(db());
    await page.waitForTimeout(3_000);
    const after = await succeededIntervalsStartedAfter(db(), long.backfillId, at.resumed);
    expect(after.length).toBeGreaterThan(4);
    expect(peakOverlap(after)).toBeLessThanOrEqual(2);
  });

  it('cancels another backfill after asking, and shows what was done, as the ledger has it', async () => {
    control.sleepSeconds = 1;
    const other = await session.deployment.client.start({ assets: ['generations'], from: '2024-02-01', to: '2024-02-20', maxConcurrency: 2, mode: 'all' });
    await page.goto(session.url(`/backfills/${encodeURIComponent(other.backfillId)}`));
    await page.locator('[data-state="running"]').waitFor();
    await page.waitForTimeout(1_500);
    await page.getByRole('button', { name: 'Cancel' }).click();
    const dialog = page.getByRole('dialog', { name: 'Confirm: Cancel' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain(`Cancel backfill ${other.backfillId}?`);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await page.locator('[data-state="cancelled"]').waitFor({ timeout: 30_000 });
    const ledgerCount = async (status: string) =>
      Number((await db()('retrofill_ledger').where({ backfill_id: other.backfillId, status }).countDistinct({ n: 'partition_key' }))[0]!.n);
    const succeeded = await ledgerCount('succeeded');
    const shown = (await page.locator('main p').first().textContent())!;
    // What was done, as the ledger has it: the cancellation may catch a partition in flight, or none.
    const count = (label: string) => Number(new RegExp(`(\\d+) ${label}`).exec(shown)?.[1] ?? 0);
    expect(shown).toContain(`${succeeded}/20 succeeded`);
    expect(count('cancelled')).toBe(await ledgerCount('cancelled'));
    expect(succeeded + count('cancelled') + count('not started')).toBe(20);
    expect(succeeded).toBeLessThan(20);
  });
});
