/**
 * `npm run bench`'s flags, with the quick defaults, or with `--targets` the
 * sizes the performance targets are stated for (docs/performance.md); a flag given explicitly wins.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';

export const BENCH_CASES = ['demo', 'noop', 'chain', 'dag', 'console', 'priority', 'minutes'] as const;
export type BenchCase = (typeof BENCH_CASES)[number];

export interface BenchOptions {
  cases: BenchCase[];
  /** Months of the demo DAG, from January 2023. */
  months: number;
  /** Concurrencies of the demo's per-partition cases. */
  concurrency: number[];
  eventsPerDay: number;
  /** Sizes of the no-op cases. */
  noop: number[];
  /** Five-minute no-op partitions of the minute-scale case. */
  minutes: number;
  /** Concurrency of the no-op cases. */
  noopConcurrency: number;
  /** Links of the dependsOnPast chain, from 2019-01-01. */
  chainDays: number;
  /** Months of the four-asset DAG, from January 2019. */
  dagMonths: number;
  dagConcurrency: number;
  /** JSON of the backfill policy every bench asset declares (`RETROFILL_BENCH_POLICY`); none when absent. */
  policy?: string;
  untuned: boolean;
  /** Metrics served (and scraped every 5 s) and traces exported, to measure what they cost. */
  telemetry: boolean;
  out: string;
}

const QUICK = { cases: BENCH_CASES.join(','), months: '1', concurrency: '1,4,16', 'events-per-day': '20000', noop: '1000', 'noop-concurrency': '8', minutes: '20000', 'chain-days': '92', 'dag-months': '3', 'dag-concurrency': '4' };
const TARGETS = { ...QUICK, concurrency: '4', noop: '10000', minutes: '525600', 'chain-days': '1461', 'dag-months': '48' };

const wholeNumber = (flag: string, raw: string, min: number, max: number): number => {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${flag}: expected a whole number from ${min} to ${max}, got ${raw}`);
  return n;
};
const numbers = (flag: string, raw: string, max: number) => raw.split(',').filter(Boolean).map((s) => wholeNumber(flag, s, 1, max));

export function parseBenchOptions(argv: string[], root: string): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      cases: { type: 'string' },
      targets: { type: 'boolean', default: false },
      months: { type: 'string' },
      concurrency: { type: 'string' },
      'events-per-day': { type: 'string' },
      noop: { type: 'string' },
      'noop-concurrency': { type: 'string' },
      minutes: { type: 'string' },
      'skip-demo': { type: 'boolean', default: false },
      'chain-days': { type: 'string' },
      'dag-months': { type: 'string' },
      'dag-concurrency': { type: 'string' },
      policy: { type: 'string' },
      untuned: { type: 'boolean', default: false },
      telemetry: { type: 'boolean', default: false },
      out: { type: 'string', default: join(root, 'bench', 'results') },
    },
  });
  const v = { ...(values.targets ? TARGETS : QUICK), ...Object.fromEntries(Object.entries(values).filter(([, x]) => x !== undefined)) } as Record<string, string>;
  const cases = v.cases!.split(',').filter(Boolean);
  for (const c of cases) if (!(BENCH_CASES as readonly string[]).includes(c)) throw new Error(`--cases: expected some of ${BENCH_CASES.join(',')}, got ${c}`);
  return {
    cases: cases.filter((c) => !(values['skip-demo'] && c === 'demo')) as BenchCase[],
    months: wholeNumber('months', v.months!, 1, 24),
    concurrency: numbers('concurrency', v.concurrency!, 500),
    eventsPerDay: wholeNumber('events-per-day', v['events-per-day']!, 1, 1_000_000),
    noop: numbers('noop', v.noop!, 100_000),
    noopConcurrency: wholeNumber('noop-concurrency', v['noop-concurrency']!, 1, 500),
    minutes: wholeNumber('minutes', v.minutes!, 1000, 1_000_000),
    chainDays: wholeNumber('chain-days', v['chain-days']!, 32, 3653),
    dagMonths: wholeNumber('dag-months', v['dag-months']!, 2, 120),
    dagConcurrency: wholeNumber('dag-concurrency', v['dag-concurrency']!, 1, 500),
    ...(values.policy !== undefined && { policy: values.policy }),
    untuned: values.untuned,
    telemetry: values.telemetry,
    out: values.out,
  };
}
