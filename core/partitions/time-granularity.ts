/**
 * UTC time granularities and their partition keys. Pure arithmetic on epoch
 * milliseconds: no local time zone is ever consulted, so keys never shift with
 * daylight saving or the machine's TZ.
 */

/** The time granularities a partitioned asset can use. */
export const TimeGranularity = {
  HOURLY: 'hourly',
  DAILY: 'daily',
  MONTHLY: 'monthly',
} as const;
export type TimeGranularity = (typeof TimeGranularity)[keyof typeof TimeGranularity];

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

const KEY_PATTERNS: Record<TimeGranularity, RegExp> = {
  hourly: /^(\d{4})-(\d{2})-(\d{2})T(\d{2})$/,
  daily: /^(\d{4})-(\d{2})-(\d{2})$/,
  monthly: /^(\d{4})-(\d{2})$/,
};

/** Example key per granularity, for error messages. */
export const KEY_EXAMPLES: Record<TimeGranularity, string> = {
  hourly: '2024-03-01T05',
  daily: '2024-03-01',
  monthly: '2024-03',
};

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** The key of the partition of `granularity` that contains the instant `ms`. */
export function formatKey(granularity: TimeGranularity, ms: number): string {
  const d = new Date(ms);
  const month = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}`;
  if (granularity === 'monthly') return month;
  const day = `${month}-${pad(d.getUTCDate())}`;
  return granularity === 'daily' ? day : `${day}T${pad(d.getUTCHours())}`;
}

/**
 * The start instant (epoch ms) of the partition with this key, or undefined
 * when the key is not a valid key of this granularity (wrong shape, or a date
 * that does not exist such as `2023-02-29`).
 */
export function parseKey(granularity: TimeGranularity, key: string): number | undefined {
  const m = KEY_PATTERNS[granularity].exec(key);
  if (!m) return undefined;
  const [year, month, day = 1, hour = 0] = m.slice(1).map(Number) as [number, number, number?, number?];
  const ms = Date.UTC(year, month - 1, day, hour);
  // Date.UTC rolls over out-of-range fields; a round trip rejects them.
  return formatKey(granularity, ms) === key ? ms : undefined;
}

/** Start of the partition containing `ms`. */
export function floorToPartition(granularity: TimeGranularity, ms: number): number {
  if (granularity === 'hourly') return Math.floor(ms / HOUR_MS) * HOUR_MS;
  if (granularity === 'daily') return Math.floor(ms / DAY_MS) * DAY_MS;
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

/** Start of the partition after the one starting at `startMs`. */
export function nextPartitionStart(granularity: TimeGranularity, startMs: number): number {
  if (granularity === 'hourly') return startMs + HOUR_MS;
  if (granularity === 'daily') return startMs + DAY_MS;
  const d = new Date(startMs);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

/** Start of the partition before the one starting at `startMs`. */
export function previousPartitionStart(granularity: TimeGranularity, startMs: number): number {
  if (granularity === 'hourly') return startMs - HOUR_MS;
  if (granularity === 'daily') return startMs - DAY_MS;
  const d = new Date(startMs);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1);
}

/**
 * Start of the partition `n` partitions after the one starting at `startMs`
 * (before, when negative). Steps on the calendar, since months differ in length.
 */
export function shiftPartitionStart(granularity: TimeGranularity, startMs: number, n: number): number {
  const d = new Date(startMs);
  const [year, month, day, hour] = [d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours()];
  if (granularity === 'monthly') return Date.UTC(year, month + n, 1);
  if (granularity === 'daily') return Date.UTC(year, month, day + n);
  return Date.UTC(year, month, day, hour + n);
}
