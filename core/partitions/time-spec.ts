/**
 * Parsing of the times people write in requests and definitions:
 * `2024`, `2024-03`, `2024-03-01`, `2024-03-01T05` or `2024-03-01T05:05`, always UTC.
 * Each names a period; `from` reads its start and an inclusive `to` its end.
 */
import { nextPartitionStart, parseKey, type TimeGranularity } from './time-granularity';

/** A half-open UTC period in epoch milliseconds. */
export interface TimeWindow {
  start: number;
  end: number;
}

const SPEC_GRANULARITY: ReadonlyArray<[RegExp, TimeGranularity | 'yearly']> = [
  [/^\d{4}$/, 'yearly'],
  [/^\d{4}-\d{2}$/, 'monthly'],
  [/^\d{4}-\d{2}-\d{2}$/, 'daily'],
  [/^\d{4}-\d{2}-\d{2}T\d{2}$/, 'hourly'],
  [/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'minutely'],
];

/** The accepted forms, for error messages. */
export const TIME_SPEC_FORMS = 'YYYY, YYYY-MM, YYYY-MM-DD, YYYY-MM-DDTHH or YYYY-MM-DDTHH:MM (UTC)';

/**
 * The period a time spec names, or undefined when it is not one of the
 * accepted forms or not a real date.
 */
export function parseTimeSpec(spec: string): TimeWindow | undefined {
  const match = SPEC_GRANULARITY.find(([pattern]) => pattern.test(spec));
  if (!match) return undefined;
  const granularity = match[1];
  if (granularity === 'yearly') {
    // Via parseKey: Date.UTC reads years 0-99 as 1900-1999, which parseKey rejects like the other forms.
    const start = parseKey('monthly', `${spec}-01`);
    return start === undefined ? undefined : { start, end: Date.UTC(Number(spec) + 1, 0, 1) };
  }
  const start = parseKey(granularity, spec);
  if (start === undefined) return undefined;
  return { start, end: nextPartitionStart(granularity, start) };
}

/** ISO-8601 text of an instant, for messages and payloads. */
export const isoOf = (ms: number): string => new Date(ms).toISOString();
