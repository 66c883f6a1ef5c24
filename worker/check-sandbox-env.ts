/** The custom checks' sandbox as the environment configures it: `RETROFILL_CHECKS_DATABASE_URL`, `RETROFILL_CHECK_TIMEOUT`. */
import type { CheckSandboxOptions } from '../db/checks/sandbox/check-sandbox-options';
import { shownValue } from '../core/shown-value';

/** Longest timeout accepted, in seconds: a day. */
const MAX_TIMEOUT_S = 86_400;

/**
 * @throws Error naming the variable when a value is malformed: a URL that is
 * not `postgres://` or `postgresql://`, a timeout that is not a number of seconds
 * above 0 and at most a day.
 */
export function checkSandboxOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): CheckSandboxOptions {
  const options: CheckSandboxOptions = {};
  const url = env.RETROFILL_CHECKS_DATABASE_URL;
  if (url !== undefined && url !== '') {
    let protocol: string | undefined;
    try {
      protocol = new URL(url).protocol;
    } catch {
      protocol = undefined;
    }
    if (protocol !== 'postgres:' && protocol !== 'postgresql:') {
      throw new Error('RETROFILL_CHECKS_DATABASE_URL must be a postgres:// URL of the role custom checks run as, e.g. postgres://retrofill_checks:pass@db:5432/warehouse');
    }
    options.databaseUrl = url;
  }
  const timeout = env.RETROFILL_CHECK_TIMEOUT;
  if (timeout !== undefined && timeout !== '') {
    const seconds = Number(timeout);
    if (!/^\d+(\.\d+)?$/.test(timeout.trim()) || !(seconds > 0) || seconds > MAX_TIMEOUT_S) {
      throw new Error(`RETROFILL_CHECK_TIMEOUT must be a number of seconds above 0 and at most ${MAX_TIMEOUT_S}, got ${shownValue(timeout)}`);
    }
    options.timeoutMs = Math.round(seconds * 1000);
  }
  return options;
}
