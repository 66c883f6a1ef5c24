/**
 * A backfill schedule as a caller declares it: its name, how often it fires,
 * and the backfill each firing starts (the last `lookback` complete
 * partitions of each asset at the firing's nominal time). Pure validation;
 * client/backfill-schedules.ts turns it into a Temporal Schedule.
 */
import { parseBackfillRequest, type BackfillRequestInput } from './backfill-request';
import { InvalidBackfillRequestError, InvalidScheduleError } from './errors';
import type { SelectionMode } from './selection/selection-mode';
import { shownValue } from './shown-value';

/** What `retrofill schedule create` and `RetrofillClient.schedules.create` take. */
export interface BackfillScheduleInput {
  assets: string[];
  /** How often it fires: a whole number and a unit, `30s`, `15m`, `1h`, `1d`. */
  every: string;
  /** Partitions of each asset each run covers, back from the newest complete one. @default 10 */
  lookback?: number;
  /** @default 'missing': a partition an outage left out is filled by the next run, a done one is left alone */
  mode?: SelectionMode;
  downstream?: boolean;
  maxConcurrency?: number;
  priority?: number;
  /** How long after a missed firing (the server was down) it still runs: `15m`, `1h`, ... @default '1h' */
  catchupWindow?: string;
}

/** A checked schedule. */
export interface BackfillScheduleSpec {
  name: string;
  everySeconds: number;
  catchupWindowSeconds: number;
  /** The `backfill` workflow's argument each firing starts. */
  request: BackfillRequestInput;
}

export const DEFAULT_LOOKBACK = 10;
export const DEFAULT_CATCHUP_WINDOW = '1h';
/** Names are ids in Temporal and in the backfills' ids: letters, digits, `.`, `_`, `-`. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const INTERVAL = /^([1-9]\d{0,6})(s|m|h|d)$/;
const UNIT_SECONDS = { s: 1, m: 60, h: 3_600, d: 86_400 } as const;
/** A year: longer intervals are surely a mistake. */
const MAX_INTERVAL_SECONDS = 366 * 86_400;

/** Seconds of `15m`-style text, or a problem naming `field`. */
function intervalSeconds(field: string, text: unknown): number | string {
  const m = typeof text === 'string' ? INTERVAL.exec(text) : null;
  if (!m) return `${field}: expected a whole number and a unit s, m, h or d (e.g. 15m, 1h, 1d), got ${shownValue(text)}`;
  const seconds = Number(m[1]) * UNIT_SECONDS[m[2] as keyof typeof UNIT_SECONDS];
  return seconds > MAX_INTERVAL_SECONDS ? `${field}: at most 366d, got ${shownValue(text)}` : seconds;
}

/** @throws InvalidScheduleError naming every problem, the backfill request's among them. */
export function parseBackfillSchedule(name: unknown, input: BackfillScheduleInput): BackfillScheduleSpec {
  const problems: string[] = [];
  if (typeof name !== 'string' || !NAME.test(name)) problems.push(`name: expected 1-100 letters, digits, '.', '_' or '-', starting with a letter or digit, got ${shownValue(name)}`);
  const every = intervalSeconds('every', input?.every);
  if (typeof every === 'string') problems.push(every);
  const catchup = intervalSeconds('catchupWindow', input?.catchupWindow ?? DEFAULT_CATCHUP_WINDOW);
  if (typeof catchup === 'string') problems.push(catchup);
  const request: BackfillRequestInput = {
    assets: input?.assets,
    lookback: input?.lookback ?? DEFAULT_LOOKBACK,
    mode: input?.mode ?? 'missing',
    ...(input?.downstream !== undefined && { downstream: input.downstream }),
    ...(input?.maxConcurrency !== undefined && { maxConcurrency: input.maxConcurrency }),
    ...(input?.priority !== undefined && { priority: input.priority }),
  };
  try {
    parseBackfillRequest(request);
  } catch (error) {
    if (!(error instanceof InvalidBackfillRequestError)) throw error;
    problems.push(...error.problems);
  }
  if (problems.length > 0) throw new InvalidScheduleError(problems);
  return { name: name as string, everySeconds: every as number, catchupWindowSeconds: catchup as number, request };
}
