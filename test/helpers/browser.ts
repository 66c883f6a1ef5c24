/**
 * Headless Chromium for end-to-end tests of the Temporal Web UI, driven by
 * playwright-core. The browser is the system's (Debian's `chromium` package,
 * installed by test/setup/chromium.ts): playwright's own download needs the internet.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** `CHROMIUM_PATH` overrides, for machines whose Chromium lives elsewhere. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** What to do when it is missing. */
export const CHROMIUM_INSTALL_HINT = 'run `apt-get install -y chromium` as root (Debian, Ubuntu), or set CHROMIUM_PATH to a Chromium or Chrome binary';

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`no Chromium at ${CHROMIUM_PATH}: ${CHROMIUM_INSTALL_HINT}`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      // Root in a container has no user namespace for the sandbox.
      '--no-sandbox',
      '--disable-gpu',
      // The network is closed: without these Chromium keeps trying to reach Google's services.
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Saves a full-page PNG under test-results/ (gitignored) and returns its path; never throws. */
export async function saveScreenshot(page: Page | undefined, name: string): Promise<string | undefined> {
  if (!page || page.isClosed()) return undefined;
  const dir = join(__dirname, '..', '..', 'test-results');
  const path = join(dir, `${name.replace(/[^\w.-]+/g, '-')}.png`);
  try {
    mkdirSync(dir, { recursive: true });
    await page.screenshot({ path, fullPage: true });
    return path;
  } catch {
    return undefined;
  }
}
