/**
 * g. Backfills yield to other work: while a 2,000-partition backfill keeps
 * the shared task queue backlogged (200 ms of work a partition, 200 children
 * at once, on a worker with 16 activity slots), an ordinary workflow (the
 * `assetStatus` read, started with no priority, so at Temporal's default 3)
 * is started every 500 ms and timed to its result. Run twice: the backfill at
 * its default priority 4, then at 3 like the ordinary work (no priority).
 */
import { join } from 'node:path';
import { startBenchDeployment, type BenchServers } from '../bench-deployment';
import type { BenchRow } from '../report';

const MODULE = join(__dirname, '..', 'priority', 'assets.ts');
const PARTITIONS = 2_000;
const PROBE_EVERY_MS = 500;
const hour = (i: number) => new Date(Date.UTC(2010, 0, 1) + i * 3_600_000).toISOString().slice(0, 13);

interface Latencies {
  backfillMs: number;
  probes: number[];
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;

async function measure(servers: BenchServers, priority: number, log: (line: string) => void): Promise<Latencies> {
  const deployment = await startBenchDeployment(servers, MODULE);
  try {
    const started = performance.now();
    const handle = await deployment.client.start({ assets: ['busy_hours'], from: hour(0), to: hour(PARTITIONS - 1), mode: 'all', maxConcurrency: 200, priority });
    const result = handle.result();
    let done = false;
    void result.finally(() => (done = true)).catch(() => undefined);
    const probes: Array<Promise<number>> = [];
    // Give the backlog a moment to form, then probe until the backfill ends.
    await new Promise((r) => setTimeout(r, 1_000));
    while (!done) {
      const t = performance.now();
      probes.push(deployment.client.assetStatus('busy_hours').then(() => performance.now() - t));
      await new Promise((r) => setTimeout(r, PROBE_EVERY_MS));
    }
    const summary = await result;
    if (summary.succeeded !== PARTITIONS) throw new Error(`priority ${priority}: ${summary.succeeded} of ${PARTITIONS} succeeded`);
    const backfillMs = performance.now() - started;
    const latencies = (await Promise.all(probes)).sort((a, b) => a - b);
    log(`priority ${priority}: backfill ${Math.round(backfillMs)} ms, ${latencies.length} probes, median ${Math.round(percentile(latencies, 0.5))} ms`);
    return { backfillMs, probes: latencies };
  } finally {
    await deployment.stop();
  }
}

export async function priorityCase(servers: BenchServers, out: { rows: BenchRow[]; figures: Record<string, unknown> }, log: (line: string) => void): Promise<void> {
  const figures: Record<string, unknown> = {};
  for (const [label, priority] of [['default (4)', 4], ['no priority (3, as the other work)', 3]] as const) {
    const { backfillMs, probes } = await measure(servers, priority, log);
    const stats = { probes: probes.length, medianMs: Math.round(percentile(probes, 0.5)), p90Ms: Math.round(percentile(probes, 0.9)), maxMs: Math.round(probes[probes.length - 1] ?? NaN) };
    figures[`priority_${priority}`] = { backfillMs: Math.round(backfillMs), ...stats };
    out.rows.push({
      case: `g. other work during a backfill at priority ${label}`,
      partitions: PARTITIONS,
      ms: backfillMs,
      notes: `${stats.probes} assetStatus workflows started meanwhile: median ${stats.medianMs} ms, p90 ${stats.p90Ms} ms, max ${stats.maxMs} ms to their result`,
    });
  }
  out.figures.priority = figures;
}
