/**
 * Headless Chromium for end-to-end tests of the Temporal Web UI, driven by
 * playwright-core. The browser is the system's (Debian's `chromium` package,
 * installed by test/setup/chromium.ts): playwright's own download needs the internet.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

export { CHROMIUM_INSTALL_HINT, CHROMIUM_PATH, launchBrowser } from '../../dev/headless-chromium';

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
