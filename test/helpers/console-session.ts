/**
 * A console for an end-to-end test: a deployment of an assets module (its own
 * database, worker and client on the shared servers), the console on a free
 * port, and a headless Chromium page, all stopped together.
 */
import type { Browser, Page } from 'playwright-core';
import { startConsole, type RunningConsole } from '../../console/server/start-console';
import { launchBrowser, saveScreenshot } from './browser';
import { startDemoDeployment, type DemoDeployment } from './demo-deployment';

export interface ConsoleSession {
  deployment: DemoDeployment;
  console: RunningConsole;
  page: Page;
  /** The console's address of `path`. */
  url(path: string): string;
  /** Takes a screenshot into test-results/ under `name`, then stops everything. */
  stop(name: string): Promise<void>;
}

export async function startConsoleSession(assetsModule: string): Promise<ConsoleSession> {
  let browser: Browser | undefined;
  let deployment: DemoDeployment | undefined;
  try {
    [deployment, browser] = await Promise.all([startDemoDeployment(assetsModule), launchBrowser()]);
    const running = await startConsole({ client: deployment.client, port: 0, refreshMs: 300 });
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    // A missing element fails in seconds, well inside the test's timeout, so the screenshot gets taken.
    page.setDefaultTimeout(20_000);
    const openedBrowser = browser;
    const openedDeployment = deployment;
    return {
      deployment,
      console: running,
      page,
      url: (path) => new URL(path, running.url).toString(),
      async stop(name) {
        await saveScreenshot(page, name);
        await openedBrowser.close();
        await running.close();
        await openedDeployment.stop();
      },
    };
  } catch (error) {
    await browser?.close();
    await deployment?.stop();
    throw error;
  }
}
