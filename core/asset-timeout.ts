/**
 * An asset's `timeout`: how long one attempt of one partition may run before
 * it fails (and is retried under the asset's retry policy).
 */
import { durationMs, type DurationSpec } from './duration';

/** The longest timeout: the partition activity's own start-to-close timeout. */
export const MAX_ASSET_TIMEOUT_MS = 24 * 3_600_000;

/** Problems with an asset's `timeout`, each naming the field and the value. */
export function assetTimeoutProblems(timeout: unknown): string[] {
  if (timeout === undefined) return [];
  const ms = durationMs(timeout);
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- String() only gets what JSON.stringify leaves out (a function, a symbol), which it writes as text
  if (ms === undefined) return [`timeout must be milliseconds > 0 or text like '10 minutes', got ${JSON.stringify(timeout) ?? String(timeout)}`];
  if (ms > MAX_ASSET_TIMEOUT_MS) return [`timeout must be at most 24 hours, got ${JSON.stringify(timeout)}`];
  return [];
}

/** The timeout in milliseconds, or undefined when the asset has none (a valid one: checked at load). */
export function assetTimeoutMs(timeout: DurationSpec | undefined): number | undefined {
  return timeout === undefined ? undefined : durationMs(timeout);
}

/** The timeout as the user wrote it, for messages: `10 minutes`, or `90000 ms`. */
export function shownTimeout(timeout: DurationSpec): string {
  return typeof timeout === 'number' ? `${timeout} ms` : timeout.trim();
}
