/**
 * `npm run bench`: Retrofill against the physical limit and a plain script on
 * the demo DAG (in place, and in a shadow published at the end), orchestration
 * overhead on no-op partitions, a dependsOnPast chain, a four-asset daily DAG,
 * the plan's estimate against each measured run, and memory.
 * Starts its own embedded PostgreSQL and Temporal dev server; prints a table
 * and writes the figures to bench/results/<time>.json. Flags: bench-options.ts.
 *
 *   npm run bench                                   # quick: every case at a small size (a few minutes)
 *   npm run bench -- --targets                      # the target sizes: 10,000 no-ops, 1,461 links, 4 years of DAG
 *   npm run bench -- --cases chain --chain-days 365 # one case
 *   npm run bench -- --cases noop --noop 100000     # scale: 100,000 no-op partitions
 *   npm run bench -- --cases noop --telemetry       # the same with metrics served and traces exported
 *   npm run bench -- --cases priority               # other work's latency during a backfill, with and without priority
 *   npm run bench -- --policy '{"kind":"perPartition"}'  # every bench asset under that policy
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { DefaultLogger, Runtime, bundleWorkflowCode } from '@temporalio/worker';
import { connectDatabase } from '../db/connect';
import { startEmbeddedPostgres } from '../local/embedded-postgres';
import { startTemporalDevServer } from '../local/temporal-dev-server';
import { TRACING_WORKFLOW_MODULES, WORKFLOW_BUNDLER_OPTIONS, WORKFLOW_INTERCEPTOR_MODULES, WORKFLOWS_PATH } from '../worker/create-worker';
import { startBenchTelemetry, type BenchTelemetry } from './bench-telemetry';
import { parseBenchOptions } from './bench-options';
import type { BenchServers } from './bench-deployment';
import { chainCase } from './cases/chain-case';
import { consoleGridCase } from './cases/console-grid-case';
import { dailyDagCase } from './cases/daily-dag-case';
import { demoCases } from './cases/demo-cases';
import { noopCase } from './cases/noop-case';
import { priorityCase } from './cases/priority-case';
import { minuteScaleCase } from './cases/minute-scale-case';
import { parentPid } from './cpu-time';
import { peakRssMb, rssMb } from './process-memory';
import { formatTable, ratio, type BenchRow } from './report';

const ROOT = resolve(__dirname, '..');
const options = parseBenchOptions(process.argv.slice(2), ROOT);
const log = (line: string) => console.log(`[bench] ${new Date().toISOString().slice(11, 19)} ${line}`);
// Read by the assets modules, which this process's workers load.
process.env.RETROFILL_DEMO_EVENTS_PER_DAY = String(options.eventsPerDay);
if (options.policy !== undefined) process.env.RETROFILL_BENCH_POLICY = options.policy;

/** The postmaster: the parent of a backend. */
async function postmasterPid(url: string): Promise<number | undefined> {
  const db = connectDatabase({ url, poolMax: 1 });
  try {
    const { rows } = await db.raw<{ rows: Array<{ pid: number }> }>('SELECT pg_backend_pid() AS pid');
    return parentPid(rows[0]!.pid);
  } finally {
    await db.destroy();
  }
}

async function main(): Promise<void> {
  let telemetry: BenchTelemetry | undefined;
  if (options.telemetry) telemetry = await startBenchTelemetry();
  else Runtime.install({ logger: new DefaultLogger('ERROR') });
  log(`cases ${options.cases.join(', ')}${telemetry ? ' with metrics and tracing on' : ''}; starting PostgreSQL and the Temporal dev server`);
  const [postgres, temporal] = await Promise.all([
    startEmbeddedPostgres(),
    startTemporalDevServer({ uiPort: false, ...(options.untuned && { dynamicConfig: {} }) }),
  ]);
  const out = { rows: [] as BenchRow[], figures: {} as Record<string, unknown> };
  const timings: Record<string, number> = {};
  const timed = async (name: string, run: () => Promise<void>) => {
    const began = performance.now();
    await run();
    timings[name] = Math.round((performance.now() - began) / 1000);
    log(`${name} took ${timings[name]} s`);
  };
  try {
    const servers: BenchServers = {
      temporalAddress: temporal.address,
      temporalPid: temporal.process?.pid,
      adminDatabaseUrl: postgres.url,
      postgresPid: await postmasterPid(postgres.url),
      bundle: await bundleWorkflowCode({
        workflowsPath: WORKFLOWS_PATH,
        ...WORKFLOW_BUNDLER_OPTIONS,
        ...(telemetry && { workflowInterceptorModules: [...WORKFLOW_INTERCEPTOR_MODULES, ...TRACING_WORKFLOW_MODULES] }),
        logger: new DefaultLogger('ERROR'),
      }),
      ...(telemetry && { telemetry: { metrics: telemetry.metrics, tracing: telemetry.tracing } }),
    };
    for (const c of options.cases) {
      if (c === 'demo') await timed('demo', () => demoCases(servers, options, out, log));
      if (c === 'noop') for (const n of options.noop) await timed(`noop ${n}`, () => noopCase(servers, n, options.noopConcurrency, out, log));
      if (c === 'chain') await timed('chain', () => chainCase(servers, options.chainDays, out, log));
      if (c === 'dag') await timed('dag', () => dailyDagCase(servers, { months: options.dagMonths, concurrency: options.dagConcurrency }, out, log));
      if (c === 'console') await timed('console', () => consoleGridCase(servers, out, log));
      if (c === 'priority') await timed('priority', () => priorityCase(servers, out, log));
      if (c === 'minutes') await timed('minutes', () => minuteScaleCase(servers, options.minutes, out, log));
    }
    const pid = temporal.process?.pid;
    out.figures.memoryMb = {
      workerPeakRss: peakRssMb('self'),
      temporalDevServerRss: pid && rssMb(pid),
      temporalDevServerPeakRss: pid && peakRssMb(pid),
    };
  } finally {
    await Promise.all([temporal.stop(), postgres.stop(), telemetry?.stop()]);
  }
  const memory = out.figures.memoryMb as Record<string, number | undefined>;
  out.rows.push({
    case: 'f. memory',
    partitions: 0,
    ms: 0,
    notes: `worker (bench process) peak RSS ${memory.workerPeakRss} MB; Temporal dev server RSS ${memory.temporalDevServerRss} MB, peak ${memory.temporalDevServerPeakRss} MB`,
  });
  console.log(`\n${formatTable(out.rows)}`);
  const c = out.figures as Record<string, { ms: number } | undefined>;
  const best = Math.min(...options.concurrency.map((n) => c[`retrofill_c${n}`]?.ms ?? Infinity));
  const ratios = {
    cores: cpus().length,
    bestPerPartitionVsPhysical: ratio(best, c.physical?.ms),
    bestPerPartitionVsPlainScript: ratio(best, c.plainScript?.ms),
    c4VsPhysical: ratio(c.retrofill_c4?.ms, c.physical?.ms),
    c4VsPlainScript: ratio(c.retrofill_c4?.ms, c.plainScript?.ms),
    singleRunVsPhysical: ratio(c.singleRun?.ms, c.physical?.ms),
    shadowVsInPlace: ratio(c.shadow?.ms, c.retrofill_c4?.ms),
  };
  if (options.cases.includes('demo')) {
    console.log(`\ncores ${ratios.cores}; demo: best per-partition / physical limit ${ratios.bestPerPartitionVsPhysical}; ` +
      `best / plain script ${ratios.bestPerPartitionVsPlainScript}; concurrency 4 / physical ${ratios.c4VsPhysical}, / plain script ${ratios.c4VsPlainScript}; ` +
      `single-run / physical limit ${ratios.singleRunVsPhysical}; shadow / in place (c4) ${ratios.shadowVsInPlace}`);
  }
  console.log(`case durations (s): ${JSON.stringify(timings)}`);
  mkdirSync(options.out, { recursive: true });
  const file = join(options.out, `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  const recorded = { options: { ...options, out: relative(ROOT, options.out) }, policy: options.policy ?? 'default (none declared)', rows: out.rows, figures: out.figures, ratios, caseSeconds: timings };
  writeFileSync(file, `${JSON.stringify(recorded, null, 2)}\n`);
  log(`wrote ${file}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
