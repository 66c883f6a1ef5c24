/**
 * One Retrofill bench case, measured the way a user would meet it: a fresh
 * deployment, a warm-up backfill over the first part of the range (so the
 * ledger knows what a partition costs), the plan of the whole request (its
 * estimated duration), then the whole request timed (mode `all`, so the
 * warmed-up partitions run again), its tables checked against a reference.
 * The warm-up's rows are removed before the timed run (its ledger rows stay),
 * so that run writes into empty tables, as the baselines do.
 */
import type { BackfillRequestInput } from '../../core/backfill-request';
import type { DurationEstimate } from '../../core/plan/estimate-duration';
import { startBenchDeployment, type BenchDeployment, type BenchServers, type TimedBackfill } from '../bench-deployment';
import { peakRssMb, resetPeakRss, rssMb } from '../process-memory';
import { cpuMsPerPartition, cpuPerPartition, ratio, type BenchRow } from '../report';
import { differingTables, type TableFingerprint } from '../table-fingerprint';
import { WORKER_HEAP_MB } from '../worker-process';

export interface RetrofillCase {
  /** Key of the case's figures in the JSON. */
  key: string;
  label: string;
  /** The assets module the worker loads. */
  module: string;
  request: BackfillRequestInput;
  /** The request's first days, run before the plan. */
  warmUp: BackfillRequestInput;
  /** What the tables must hold afterwards, by table; none to skip the check. */
  expected?: Record<string, TableFingerprint>;
  limits?: Parameters<typeof startBenchDeployment>[2];
  /** Runs the worker as `retrofill worker` in a process of its own, so its memory is measured alone (default limits only). */
  workerProcess?: boolean;
  /** Whether the whole request is planned first (a plan covers one run: a backfill in segments has none). @default true */
  plan?: boolean;
  /** Extra notes from the run, for the table. */
  notes?: (run: TimedBackfill, deployment: BenchDeployment) => string[];
}

export interface RetrofillMeasurement {
  row: BenchRow;
  figures: Record<string, unknown>;
  run: TimedBackfill;
}

export async function measureRetrofill(servers: BenchServers, c: RetrofillCase, log: (line: string) => void): Promise<RetrofillMeasurement> {
  const deployment = await startBenchDeployment(servers, c.module, c.limits, c.workerProcess);
  const worker = deployment.workerPid ?? 'self';
  try {
    log(`${c.label}: warm-up`);
    const warmUp = await deployment.backfill({ ...c.warmUp, mode: 'all' });
    for (const { table } of deployment.catalog.assets) await deployment.db.raw('TRUNCATE ??', [table]);
    const plan = c.plan === false ? undefined : await deployment.plan(c.request);
    if (plan) log(`${c.label}: ${plan.total} partitions, plan estimate ${seconds(plan.estimate.ms)}`);
    resetPeakRss(worker);
    const run = await deployment.backfill({ ...c.request, mode: 'all' });
    const workerPeakRssMb = peakRssMb(worker);
    const temporalRssMb = servers.temporalPid === undefined ? undefined : rssMb(servers.temporalPid);
    const differing = c.expected ? await differingTables(deployment.db, c.expected) : undefined;
    const estimate: DurationEstimate = plan?.estimate ?? { ms: null, basis: 'not planned: the backfill runs in time segments' };
    const n = run.summary.total;
    const row: BenchRow = {
      case: c.label,
      partitions: n,
      ms: run.ms,
      notes: [
        ...(differing ? [differing.length === 0 ? 'tables equal the reference' : `TABLES DIFFER: ${differing.join(', ')}`] : []),
        run.summary.outcome,
        ...(c.notes?.(run, deployment) ?? []),
        estimate.ms === null ? `plan estimate unknown (${estimate.basis})` : `plan estimate ${seconds(estimate.ms)}, measured/estimate ${ratio(run.ms, estimate.ms)}`,
        cpuPerPartition(run.cpu, n),
        `${worker === 'self' ? 'worker (bench process)' : `worker process (heap limit ${WORKER_HEAP_MB} MB)`} peak RSS ${workerPeakRssMb} MB, dev server RSS ${temporalRssMb} MB`,
      ].join('; '),
    };
    const figures = {
      ms: run.ms,
      partitions: n,
      msPerPartition: run.ms / n,
      outcome: run.summary.outcome,
      ...(differing && { equalToReference: differing.length === 0, differing }),
      estimate: { ms: estimate.ms, basis: estimate.basis, measuredOverEstimate: estimate.ms ? run.ms / estimate.ms : null },
      warmUp: { partitions: warmUp.summary.total, ms: warmUp.ms },
      historyEvents: run.historyEvents,
      eventsPerPartition: run.historyEvents / n,
      largestHistory: run.largestHistory,
      continuedAsNew: run.continuedAsNew,
      cpuMs: run.cpu,
      cpuMsPerPartition: cpuMsPerPartition(run.cpu, n),
      assetSpans: run.assetSpans,
      workerPeakRssMb,
      temporalRssMb,
    };
    return { row, figures, run };
  } finally {
    await deployment.stop();
  }
}

const seconds = (ms: number | null | undefined) => (ms === null || ms === undefined ? 'unknown' : `${(ms / 1000).toFixed(2)} s`);
