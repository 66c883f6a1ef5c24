/**
 * End to end through the real Temporal Web UI: a person opens a running
 * backfill's page, sends `pause` from the "Send a Signal" dialog, and the
 * workflow's `progress` query then reports it paused. Runs its own dev server
 * because the shared one is headless.
 */
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAssetsModule } from '../../assets/load-assets-module';
import { startTemporalDevServer, type DevServer } from '../../local/temporal-dev-server';
import { launchBrowser, saveScreenshot } from '../helpers/browser';
import { openWorkflowPage, sendSignalFromUi } from '../helpers/browser-temporal-ui';
import { startTestWorker, type TestWorker } from '../helpers/test-worker';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';

// 60 half-second partitions, two at a time: about half a minute of work, far more than the
// few seconds the UI needs, so the backfill cannot finish before the pause arrives.
const REQUEST = { assets: ['slow'], from: '2024-01-01', to: '2024-02-29', maxConcurrency: 2 };

let server: DevServer;
let database: TestDatabase;
let worker: TestWorker;
let browser: Browser;
let page: Page;
let handle: WorkflowHandle;

beforeAll(async () => {
  [server, database, browser] = await Promise.all([startTemporalDevServer(), createTestDatabase(), launchBrowser()]);
  const catalog = await loadAssetsModule(resolve(__dirname, '../fixtures/slow-assets.ts'));
  worker = await startTestWorker({ catalog, db: database.db, address: server.address });
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  // Fail a missing button in seconds, well inside the test's own timeout, so the screenshot gets taken.
  page.setDefaultTimeout(15_000);
  // Started last, when everything else is ready, so it is surely still running when the UI acts.
  handle = await worker.client.workflow.start('backfill', {
    taskQueue: worker.taskQueue,
    workflowId: `ui-pause-${randomBytes(4).toString('hex')}`,
    args: [REQUEST],
  });
});

afterAll(async () => {
  await browser?.close();
  // Worker first: terminating under a live worker makes it log a spurious "Workflow task not found".
  await worker?.stop();
  await handle?.terminate('web-ui test done').catch(() => undefined);
  await database?.drop();
  await server?.stop();
});

interface Progress {
  state: string;
}

/** Polls the `progress` query until `done`; a query error (handler not there yet) counts as not done. */
async function waitForProgress(done: (p: Progress) => boolean, timeoutMs = 20_000): Promise<Progress> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      last = await handle.query<Progress>('progress');
      if (done(last as Progress)) return last as Progress;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`progress never matched within ${timeoutMs} ms; last: ${last instanceof Error ? last.message : JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function signalNames(): Promise<string[]> {
  const history = await handle.fetchHistory();
  return (history.events ?? []).flatMap((e) => e.workflowExecutionSignaledEventAttributes?.signalName ?? []);
}

describe('the Temporal Web UI', () => {
  it('pauses a running backfill with the "Send a Signal" dialog', async () => {
    try {
      await openWorkflowPage(page, server.uiUrl!, handle.workflowId, 'Running');
      await sendSignalFromUi(page, 'pause');
    } catch (error) {
      const shot = await saveScreenshot(page, 'web-ui-pause');
      throw new Error(`${(error as Error).message}${shot ? `\n(screenshot: ${shot})` : ''}`, { cause: error });
    }
    expect(await signalNames()).toContain('pause');

    expect((await waitForProgress((p) => p.state === 'paused')).state).toBe('paused');
    // The pause sticks (nothing but `resume` lifts it).
    await new Promise((r) => setTimeout(r, 1_000));
    expect((await handle.query<Progress>('progress')).state).toBe('paused');

    await handle.signal('resume');
    expect((await waitForProgress((p) => p.state !== 'paused')).state).toBe('running');
  });
});
