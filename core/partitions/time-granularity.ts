/**
 * UTC time granularities and their partition keys. Pure arithmetic on epoch
 * milliseconds: no local time zone is ever consulted, so keys never shift with
 * daylight saving or the machine's TZ.
 */

/** The time granularities a partitioned asset can use. */
export const TimeGranularity = {
  MINUTELY: 'minutely',
  HOURLY: 'hourly',
  DAILY: 'daily',
  MONTHLY: 'monthly',
} as const;
export type TimeGranularity = (typeof TimeGranularity)[keyof typeof TimeGranularity];

/**
 * A granularity with its step: minute partitions come every 1, 2, 3, 4, 5,
 * 6, 10, 12, 15, 20 or 30 minutes (a divisor of 60, so every hour starts a
 * partition); the others have a step of one. A bare granularity means a step of one.
 */
export type Cadence = TimeGranularity | { granularity: TimeGranularity; every?: number };

/** The minute steps allowed: divisors of 60. */
export const MINUTE_STEPS = [1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30] as const;

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

const KEY_PATTERNS: Record<TimeGranularity, RegExp> = {
  minutely: /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/,
  hourly: /^(\d{4})-(\d{2})-(\d{2})T(\d{2})$/,
  daily: /^(\d{4})-(\d{2})-(\d{2})$/,
  monthly: /^(\d{4})-(\d{2})$/,
};


const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

const granularityOf = (c: Cadence): TimeGranularity => (typeof c === 'string' ? c : c.granularity);
/** Milliseconds of one partition of a fixed-length cadence; undefined for months. */
function fixedLengthMs(c: Cadence): number | undefined {
  const g = granularityOf(c);
  if (g === 'minutely') return (typeof c === 'string' ? 1 : (c.every ?? 1)) * MINUTE_MS;
  if (g === 'hourly') return HOUR_MS;
  if (g === 'daily') return DAY_MS;
  return undefined;
}

/** The name of a cadence for messages: `5-minute`, `hourly`, ... */
export function cadenceName(c: Cadence): string {
  const g = granularityOf(c);
  const every = typeof c === 'string' ? 1 : (c.every ?? 1);
  return g === 'minutely' ? (every === 1 ? 'minutely' : `${every}-minute`) : g;
}

/** The key of the partition of `cadence` that contains the instant `ms`. */
export function formatKey(cadence: Cadence, ms: number): string {
  const g = granularityOf(cadence);
  const d = new Date(floorToPartition(cadence, ms));
  const month = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}`;
  if (g === 'monthly') return month;
  const day = `${month}-${pad(d.getUTCDate())}`;
  if (g === 'daily') return day;
  const hour = `${day}T${pad(d.getUTCHours())}`;
  return g === 'hourly' ? hour : `${hour}:${pad(d.getUTCMinutes())}`;
}

/**
 * The start instant (epoch ms) of the partition with this key, or undefined
 * when the key is not a valid key of this cadence (wrong shape, a date that
 * does not exist such as `2023-02-29`, or a minute off the step).
 */
export function parseKey(cadence: Cadence, key: string): number | undefined {
  const m = KEY_PATTERNS[granularityOf(cadence)].exec(key);
  if (!m) return undefined;
  const [year, month, day = 1, hour = 0, minute = 0] = m.slice(1).map(Number) as [number, number, number?, number?, number?];
  const ms = Date.UTC(year, month - 1, day, hour, minute);
  // Date.UTC rolls over out-of-range fields, and a minute off the step floors to another key: a round trip rejects both.
  return formatKey(cadence, ms) === key ? ms : undefined;
}

/** Start of the partition containing `ms`. */
export function floorToPartition(cadence: Cadence, ms: number): number {
  const length = fixedLengthMs(cadence);
  // Every step divides an hour, and epoch 0 starts an hour: flooring from 0 lands on the step.
  if (length !== undefined) return Math.floor(ms / length) * length;
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

/** Start of the partition after the one starting at `startMs`. */
export function nextPartitionStart(cadence: Cadence, startMs: number): number {
  return shiftPartitionStart(cadence, startMs, 1);
}

/** Start of the partition before the one starting at `startMs`. */
export function previousPartitionStart(cadence: Cadence, startMs: number): number {
  return shiftPartitionStart(cadence, startMs, -1);
}

/**
 * Start of the partition `n` partitions after the one starting at `startMs`
 * (before, when negative). Months step on the calendar, since they differ in length.
 */
export function shiftPartitionStart(cadence: Cadence, startMs: number, n: number): number {
  const length = fixedLengthMs(cadence);
  if (length !== undefined) return startMs + n * length;
  const d = new Date(startMs);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1);
}

/**
 * How many partitions of `cadence` start in `[fromMs, toMs)`, `fromMs` being a
 * partition start: arithmetic, so a range of millions is counted at once.
 */
export function partitionsBetween(cadence: Cadence, fromMs: number, toMs: number): number {
  if (toMs <= fromMs) return 0;
  const length = fixedLengthMs(cadence);
  if (length !== undefined) return Math.ceil((toMs - fromMs) / length);
  const from = new Date(fromMs);
  const to = new Date(floorToPartition(cadence, toMs));
  const months = (to.getUTCFullYear() - from.getUTCFullYear()) * 12 + (to.getUTCMonth() - from.getUTCMonth());
  return months + (to.getTime() < toMs ? 1 : 0);
}
