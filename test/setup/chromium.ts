/**
 * Brings the browser the Web UI test drives (test/integration/web-ui.test.ts):
 * Debian's `chromium`, since playwright's own download needs the internet. On a
 * fresh machine, as root with apt-get, it is installed here, so `npm test` alone
 * needs nothing set up by hand; elsewhere one line says how, and that test
 * fails with the same advice.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { CHROMIUM_PATH, CHROMIUM_INSTALL_HINT } from '../helpers/browser';

/** apt-get's own time, bounded: a stuck mirror must not hold the run forever. */
const APT_TIMEOUT_MS = 15 * 60_000;

function apt(args: string[]): boolean {
  const result = spawnSync('apt-get', args, {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    stdio: ['ignore', 'ignore', 'inherit'],
    timeout: APT_TIMEOUT_MS,
  });
  return result.status === 0;
}

export default function setup(): void {
  if (existsSync(CHROMIUM_PATH)) return;
  const canInstall = process.getuid?.() === 0 && spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
  if (!canInstall) {
    console.warn(`No Chromium at ${CHROMIUM_PATH}, and this user cannot install it: ${CHROMIUM_INSTALL_HINT}`);
    return;
  }
  console.log(`No Chromium at ${CHROMIUM_PATH}: installing Debian's chromium for the Web UI test (once, about a minute)...`);
  const installed = apt(['update']) && apt(['install', '-y', 'chromium']);
  if (!installed || !existsSync(CHROMIUM_PATH)) console.warn(`Could not install Chromium: ${CHROMIUM_INSTALL_HINT}`);
}
