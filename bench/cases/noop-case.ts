/**
 * e. Orchestration overhead: hourly partitions that write nothing, at the
 * given concurrency; what each costs is Retrofill's own (ms per partition
 * amortised over the run, and the CPU of each process).
 */
import { join } from 'node:path';
import type { BenchServers } from '../bench-deployment';
import type { BenchRow } from '../report';
import { measureRetrofill } from './measure-retrofill';

const NOOP = join(__dirname, '..', 'noop', 'assets.ts');
const hour = (i: number) => new Date(Date.UTC(2010, 0, 1) + i * 3_600_000).toISOString().slice(0, 13);

export async function noopCase(servers: BenchServers, n: number, concurrency: number, out: { rows: BenchRow[]; figures: Record<string, unknown> }, log: (line: string) => void): Promise<void> {
  const request = { assets: ['noop_hours'], from: hour(0), to: hour(n - 1), maxConcurrency: concurrency };
  const { row, figures, run } = await measureRetrofill(
    servers,
    {
      key: `noop_${n}`,
      label: `e. ${n} no-op partitions, concurrency ${concurrency}`,
      module: NOOP,
      request,
      warmUp: { ...request, to: hour(Math.max(1, Math.min(100, Math.floor(n / 10))) - 1) },
      notes: (r) => [`${(r.historyEvents / n).toFixed(1)} events/partition, ${r.continuedAsNew} continue-as-new, largest history ${r.largestHistory}`],
    },
    log,
  );
  // Only complete hours exist: a range reaching past now would quietly measure fewer partitions.
  if (run.summary.total !== n) throw new Error(`asked for ${n} no-op partitions, the backfill had ${run.summary.total}`);
  out.rows.push(row);
  out.figures[`noop_${n}`] = figures;
}
