/**
 * h. Scale in minutes: `n` five-minute partitions that write nothing (a year
 * is 105,120; five years 525,600), in one backfill: it must complete with
 * every run's history bounded (continue-as-new; over 100,000 partitions, time
 * segments) and the worker's memory under 500 MB.
 */
import { join } from 'node:path';
import { DEFAULT_MAX_PARTITIONS_PER_RUN } from '../../core/plan/backfill-plan';
import type { BenchServers } from '../bench-deployment';
import type { BenchRow } from '../report';
import { measureRetrofill } from './measure-retrofill';

const NOOP = join(__dirname, '..', 'noop', 'assets.ts');
const STEP_MS = 5 * 60_000;
const key = (i: number) => new Date(Date.UTC(2019, 0, 1) + i * STEP_MS).toISOString().slice(0, 16);

export async function minuteScaleCase(servers: BenchServers, n: number, out: { rows: BenchRow[]; figures: Record<string, unknown> }, log: (line: string) => void): Promise<void> {
  const request = { assets: ['noop_five_minutes'], from: key(0), to: key(n - 1), maxConcurrency: 8 };
  const { row, figures, run } = await measureRetrofill(
    servers,
    {
      key: `minutes_${n}`,
      label: `h. ${n} five-minute no-op partitions, concurrency 8`,
      module: NOOP,
      request,
      warmUp: { ...request, to: key(Math.max(1, Math.min(1000, Math.floor(n / 100))) - 1) },
      // Over one run's partitions the backfill runs in time segments, which a plan does not cover.
      plan: n <= DEFAULT_MAX_PARTITIONS_PER_RUN,
      // The worker alone, as `retrofill worker` runs it: its memory is what the case bounds.
      workerProcess: true,
      notes: (r) => [
        `${r.summary.segments ?? 1} segment(s)`,
        `${(r.historyEvents / n).toFixed(2)} events/partition, ${r.continuedAsNew} continue-as-new, largest history ${r.largestHistory}`,
      ],
    },
    log,
  );
  if (run.summary.total !== n) throw new Error(`asked for ${n} five-minute partitions, the backfill had ${run.summary.total}`);
  out.rows.push(row);
  out.figures[`minutes_${n}`] = figures;
}
