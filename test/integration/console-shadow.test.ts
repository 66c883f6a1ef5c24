/**
 * A shadow backfill steered from the console, against the real servers: it
 * waits for approval with its check results and its diff against production
 * on the page; Publish, then Rollback, each after confirming; production's
 * checksums change only at publish and are back to what they were after the
 * rollback.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConsoleSession, type ConsoleSession } from '../helpers/console-session';
import type { TableChecksums } from '../helpers/demo-deployment';

const DEMO_ASSETS = join(__dirname, '../../examples/demo/assets.ts');
const eventsBefore = process.env.RETROFILL_DEMO_EVENTS_PER_DAY;

let session: ConsoleSession;
let page: Page;
let before: TableChecksums;

beforeAll(async () => {
  session = await startConsoleSession(DEMO_ASSETS);
  page = session.page;
  // Production: January at 200 events a day. The shadow rebuilds it at 300, so it differs.
  process.env.RETROFILL_DEMO_EVENTS_PER_DAY = '200';
  expect((await session.deployment.backfill({ assets: ['customers', 'raw_events'], from: '2023-01-01', to: '2023-01-31', downstream: true })).outcome).toBe('completed');
  before = await session.deployment.checksums();
  process.env.RETROFILL_DEMO_EVENTS_PER_DAY = '300';
});

afterAll(async () => {
  if (eventsBefore === undefined) delete process.env.RETROFILL_DEMO_EVENTS_PER_DAY;
  else process.env.RETROFILL_DEMO_EVENTS_PER_DAY = eventsBefore;
  await session?.stop('console-shadow');
});

/** Clicks `label` on the backfill's page, then the same button in its confirmation dialog. */
async function confirmed(label: string): Promise<void> {
  await page.getByRole('group', { name: 'Steer this backfill' }).getByRole('button', { name: label, exact: true }).click();
  const dialog = page.getByRole('dialog', { name: `Confirm: ${label}` });
  await dialog.waitFor();
  await dialog.getByRole('button', { name: label, exact: true }).click();
}

describe('a shadow backfill from the console', () => {
  it('is planned and started from the form, and waits for approval with its checks and diff shown', async () => {
    await page.goto(session.url('/plan'));
    await page.getByRole('checkbox', { name: 'customers' }).check();
    await page.getByRole('checkbox', { name: 'raw_events' }).check();
    await page.getByLabel('From', { exact: true }).fill('2023-01-01');
    await page.getByLabel('To', { exact: true }).fill('2023-01-31');
    await page.getByLabel('Mode').selectOption('all');
    await page.getByLabel('Isolation').selectOption('shadow');
    await page.getByRole('checkbox', { name: 'wait for my approval to publish' }).check();
    await page.getByRole('button', { name: 'Plan' }).click();
    await page.getByRole('region', { name: 'The plan' }).waitFor();
    await page.getByRole('button', { name: 'Start' }).click();
    await page.locator('[data-shadow-phase="awaitingPublish"]').waitFor({ timeout: 90_000 });

    // Every check of the demo's assets, passed, with what it measured.
    const checks = page.locator('table.checks tbody tr');
    expect(await checks.count()).toBeGreaterThanOrEqual(5);
    expect(await page.locator('table.checks').textContent()).toContain('unique(day, segment)');
    expect(await page.locator('table.checks td.t-failed').count()).toBe(0);

    await page.getByRole('button', { name: 'Show the diff against production' }).click();
    const raw = page.locator('tr[data-diff-asset="raw_events"]');
    await raw.waitFor();
    // 31 days, every one with 100 more events.
    expect(await raw.locator('td').nth(1).textContent()).toBe('31/31');
    expect(await raw.locator('td').nth(2).textContent()).toBe(`${31 * 200} → ${31 * 300}`);
    expect(await session.deployment.checksums()).toEqual(before);
  });

  it('publishes after confirming: production now holds the shadow', async () => {
    await confirmed('Publish');
    await page.locator('[data-shadow-phase="published"]').waitFor({ timeout: 60_000 });
    await page.locator('[data-state="completed"]').waitFor();
    const published = await session.deployment.checksums();
    expect(published.raw_events!.rows).toBe(31 * 300);
    expect(published.raw_events).not.toEqual(before.raw_events);
  });

  it('rolls back after confirming: production is what it was before', async () => {
    await confirmed('Rollback');
    await page.getByRole('status').filter({ hasText: 'Rollback: done' }).waitFor({ timeout: 60_000 });
    expect(await session.deployment.checksums()).toEqual(before);
  });
});
