/**
 * Headless Chromium driven by playwright-core, for the end-to-end tests and
 * the bench. The browser is the system's (Debian's `chromium` package): a
 * playwright download needs the internet.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

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
