/**
 * The result of one check on a shadow: what the check-results table stores,
 * the activity returns to the workflow, and reports print. Kept small (a
 * short sample of short values) so it fits a workflow history.
 */
import type { CheckKind, CheckSeverity } from './check-spec';

/** The result of one check of one asset. */
export interface CheckOutcome {
  asset: string;
  /** The check's name (its own or the default, e.g. `unique(day, segment)`). */
  check: string;
  kind: CheckKind;
  severity: CheckSeverity;
  passed: boolean;
  /** What was measured, e.g. `1200 rows vs 1000 in production (+20%, tolerance ±10%)`. */
  message: string;
  /** Failing rows (or keys, or partitions) in all; 0 when the check measures no rows. */
  failingCount: number;
  /** Up to {@link MAX_SAMPLE_ROWS} failing rows, values shortened. */
  failingSample: Array<Record<string, unknown>>;
}

/** Passed or not, and why: what each check's numbers come to. */
export interface Verdict {
  passed: boolean;
  message: string;
}

export const MAX_SAMPLE_ROWS = 5;
/** Longest value (and message excerpt) kept in a sample, in characters. */
export const MAX_SAMPLE_VALUE = 200;
/** Most columns kept per sample row; a wide table's rows would otherwise bloat the result. */
export const MAX_SAMPLE_COLUMNS = 20;
const MAX_MESSAGE = 1000;

/** The outcome of a check from its verdict and failing rows, sample and message cut to size. */
export function checkOutcome(
  check: Pick<CheckOutcome, 'asset' | 'check' | 'kind' | 'severity'>,
  verdict: Verdict,
  failing: { count: number; sample: ReadonlyArray<Record<string, unknown>> } = { count: 0, sample: [] },
): CheckOutcome {
  return {
    ...check,
    passed: verdict.passed,
    message: cut(verdict.message, MAX_MESSAGE),
    failingCount: failing.count,
    failingSample: failing.sample.slice(0, MAX_SAMPLE_ROWS).map(shortRow),
  };
}

/** A row with at most {@link MAX_SAMPLE_COLUMNS} columns, each value at most {@link MAX_SAMPLE_VALUE} characters. */
function shortRow(row: Record<string, unknown>): Record<string, unknown> {
  const entries = Object.entries(row);
  const kept = entries.slice(0, MAX_SAMPLE_COLUMNS).map(([k, v]): [string, unknown] => [k, shortValue(v)]);
  if (entries.length > MAX_SAMPLE_COLUMNS) kept.push(['…', `${entries.length - MAX_SAMPLE_COLUMNS} more columns`]);
  return Object.fromEntries(kept);
}

/** Numbers, booleans and null as they are; text cut; anything else as its JSON, cut. */
function shortValue(value: unknown): unknown {
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'string') return cut(value, MAX_SAMPLE_VALUE);
  const json = JSON.stringify(value);
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- String() only gets what JSON.stringify leaves out (a function, a symbol), which it writes as text
  if (json === undefined) return String(value);
  return json.length <= MAX_SAMPLE_VALUE ? value : cut(json, MAX_SAMPLE_VALUE);
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** The failed checks of severity `error`: any of them blocks publish. */
export function blockingFailures(outcomes: readonly CheckOutcome[]): CheckOutcome[] {
  return outcomes.filter((o) => !o.passed && o.severity === 'error');
}
