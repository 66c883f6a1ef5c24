/**
 * `npm run bench`: Retrofill against the physical limit and a plain script on
 * the demo DAG (in place, and in a shadow published at the end), orchestration
 * overhead on no-op partitions, and peak memory.
 * Starts its own embedded PostgreSQL and Temporal dev server; prints a table
 * and writes the figures to bench/results/<time>.json.
 *
 *   npm run bench                                   # quick: January 2023 at 20,000 events a day, 1,000 no-ops (~3 min)
 *   npm run bench -- --months 3 --noop 1000,10000   # the figures in docs/performance.md
 *   npm run bench -- --noop 100000 --skip-demo      # scale: 100,000 no-op partitions
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DefaultLogger, Runtime, bundleWorkflowCode } from '@temporalio/worker';
import { loadAssetsModule } from '../assets/load-assets-module';
import { DEMO_TABLES, tableChecksum } from '../examples/demo/reference';
import { startEmbeddedPostgres } from '../local/embedded-postgres';
import { startTemporalDevServer } from '../local/temporal-dev-server';
import { WORKFLOW_BUNDLER_OPTIONS, WORKFLOWS_PATH } from '../worker/create-worker';
import { prepareDatabase } from '../worker/prepare-database';
import { physicalLimit, plainScript } from './baselines';
import { createScratchDatabase } from '../local/scratch-database';
import { startBenchDeployment, type BenchServers } from './bench-deployment';
import { peakRssMb } from './peak-rss';
import { cpuPerPartition, formatTable, ratio, type BenchRow } from './report';

const ROOT = resolve(__dirname, '..');
const DEMO = join(ROOT, 'examples/demo/assets.ts');
const SINGLE_RUN = join(ROOT, 'test/fixtures/single-run-assets.ts');
const NOOP = join(ROOT, 'test/fixtures/noop-assets.ts');
const list = (s: string) => s.split(',').filter(Boolean).map(Number);

const { values: args } = parseArgs({
  options: {
    months: { type: 'string', default: '1' },
    concurrency: { type: 'string', default: '1,4,16' },
    noop: { type: 'string', default: '1000' },
    'skip-demo': { type: 'boolean', default: false },
    /** The dev server's own defaults instead of Retrofill's tuning, to measure what the tuning gives. */
    untuned: { type: 'boolean', default: false },
    /** Events per demo day: 200 in the demo; more gives each partition real work. */
    'events-per-day': { type: 'string', default: '20000' },
    out: { type: 'string', default: join(ROOT, 'bench', 'results') },
  },
});
const months = Number(args.months);
if (!Number.isInteger(months) || months < 1 || months > 24) throw new Error(`--months: expected 1 to 24, got ${args.months}`);
const start = new Date(Date.UTC(2023, 0, 1));
const end = new Date(Date.UTC(2023, months, 1));
const to = new Date(end.getTime() - 86_400_000).toISOString().slice(0, 10);
const log = (line: string) => console.log(`[bench] ${line}`);
// Read by the demo assets and its reference (examples/demo/volume.ts), in this process's worker too.
process.env.RETROFILL_DEMO_EVENTS_PER_DAY = args['events-per-day'];

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  log('starting PostgreSQL and the Temporal dev server');
  const [postgres, temporal] = await Promise.all([
    startEmbeddedPostgres(),
    startTemporalDevServer({ uiPort: false, ...(args.untuned && { dynamicConfig: {} }) }),
  ]);
  const rows: BenchRow[] = [];
  const figures: Record<string, unknown> = {};
  try {
    const servers: BenchServers = {
      temporalAddress: temporal.address,
      temporalPid: temporal.process?.pid,
      adminDatabaseUrl: postgres.url,
      bundle: await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, ...WORKFLOW_BUNDLER_OPTIONS, logger: new DefaultLogger('ERROR') }),
    };
    if (!args['skip-demo']) await demoCases(servers, rows, figures);
    for (const n of list(args.noop!)) {
      log(`no-op partitions: ${n}`);
      const deployment = await startBenchDeployment(servers, NOOP);
      const last = new Date(Date.UTC(2010, 0, 1) + (n - 1) * 3_600_000).toISOString().slice(0, 13);
      const run = await deployment.backfill({ assets: ['noop_hours'], from: '2010-01-01T00', to: last, maxConcurrency: 100 });
      await deployment.stop();
      // Only complete hours exist: a range reaching past now would quietly measure fewer partitions.
      if (run.summary.total !== n) throw new Error(`asked for ${n} no-op partitions, the backfill had ${run.summary.total}`);
      const perPartitionEvents = run.historyEvents / n;
      rows.push({
        case: `e. no-op, concurrency 100`,
        partitions: run.summary.total,
        ms: run.ms,
        notes: `${perPartitionEvents.toFixed(1)} events/partition, ${run.continuedAsNew} continue-as-new, largest history ${run.largestHistory}; ${cpuPerPartition(run.cpu, n)}`,
      });
      figures[`noop_${n}`] = { ms: run.ms, msPerPartition: run.ms / n, eventsPerPartition: perPartitionEvents, continuedAsNew: run.continuedAsNew, largestHistory: run.largestHistory, outcome: run.summary.outcome, cpuMs: run.cpu };
    }
    figures.peakRssMb = { workerProcess: peakRssMb('self'), temporalDevServer: temporal.process?.pid ? peakRssMb(temporal.process.pid) : undefined };
  } finally {
    await Promise.all([temporal.stop(), postgres.stop()]);
  }
  const rss = figures.peakRssMb as { workerProcess?: number; temporalDevServer?: number };
  rows.push({ case: 'f. peak RSS', partitions: 0, ms: 0, notes: `worker (bench process) ${rss.workerProcess} MB, Temporal dev server ${rss.temporalDevServer} MB` });
  console.log(`\n${formatTable(rows)}`);
  const c = figures as Record<string, { ms: number } | undefined>;
  const best = Math.min(...list(args.concurrency!).map((n) => c[`retrofill_c${n}`]?.ms ?? Infinity));
  const ratios = {
    cores: cpus().length,
    bestPerPartitionVsPhysical: ratio(best, c.physical?.ms),
    bestPerPartitionVsPlainScript: ratio(best, c.plainScript?.ms),
    singleRunVsPhysical: ratio(c.singleRun?.ms, c.physical?.ms),
    shadowVsInPlace: ratio(c.shadow?.ms, c.retrofill_c4?.ms),
  };
  console.log(`\ncores ${ratios.cores}; best per-partition / physical limit ${ratios.bestPerPartitionVsPhysical}; ` +
    `best per-partition / plain script ${ratios.bestPerPartitionVsPlainScript}; single-run / physical limit ${ratios.singleRunVsPhysical}; ` +
    `shadow / in place (c4) ${ratios.shadowVsInPlace}`);
  mkdirSync(args.out!, { recursive: true });
  const file = join(args.out!, `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify({ args: { ...args, out: relative(ROOT, args.out!) }, range: { from: start.toISOString(), to }, rows, figures, ratios }, null, 2)}\n`);
  log(`wrote ${file}`);
}

/** a–d on the demo DAG over the chosen months, each in a fresh database, checked against (a). */
async function demoCases(servers: BenchServers, rows: BenchRow[], figures: Record<string, unknown>): Promise<void> {
  const catalog = await loadAssetsModule(DEMO);
  const reference = await createScratchDatabase(servers.adminDatabaseUrl, 'retrofill_bench');
  await prepareDatabase(reference.db, catalog);
  log(`a. physical limit over ${months} month(s), ${args['events-per-day']} events a day`);
  const physicalMs = await physicalLimit(reference.db, start, end);
  const expected: Record<string, { rows: number; md5: string }> = {};
  for (const [table, order] of Object.entries(DEMO_TABLES)) expected[table] = await tableChecksum(reference.db, `ref_${table}`, order);
  await reference.drop();
  const partitions = 1 + ((end.getTime() - start.getTime()) / 86_400_000) * 3 + months;
  rows.push({ case: 'a. physical limit (INSERT … SELECT per table)', partitions, ms: physicalMs });
  figures.physical = { ms: physicalMs };

  const plain = await createScratchDatabase(servers.adminDatabaseUrl, 'retrofill_bench');
  await prepareDatabase(plain.db, catalog);
  log('b. plain sequential script');
  const script = await plainScript(plain.db, catalog, start, end);
  await plain.drop();
  rows.push({ case: 'b. plain script, per partition', partitions: script.partitions, ms: script.ms });
  figures.plainScript = script;

  const request = { assets: ['customers', 'raw_events'], from: '2023-01-01', to, downstream: true };
  const cases: Array<{ key: string; label: string; module: string; maxConcurrency: number; isolation?: 'shadow' }> = [
    ...list(args.concurrency!).map((n) => ({ key: `retrofill_c${n}`, label: `c. Retrofill per partition, concurrency ${n}`, module: DEMO, maxConcurrency: n })),
    { key: 'singleRun', label: 'd. Retrofill single run (31 days), concurrency 4', module: SINGLE_RUN, maxConcurrency: 4 },
    { key: 'shadow', label: 'g. Retrofill in a shadow, checked, published, concurrency 4', module: DEMO, maxConcurrency: 4, isolation: 'shadow' },
  ];
  for (const { key, label, module, maxConcurrency, isolation } of cases) {
    log(label);
    const deployment = await startBenchDeployment(servers, module);
    const run = await deployment.backfill({ ...request, maxConcurrency, ...(isolation && { isolation }) });
    let equal = true;
    for (const [table, order] of Object.entries(DEMO_TABLES)) {
      const got = await tableChecksum(deployment.db, table, order);
      equal &&= got.md5 === expected[table]!.md5 && got.rows === expected[table]!.rows;
    }
    await deployment.stop();
    const publication = run.summary.shadow?.publication;
    // The partitions of a dependsOnPast asset run one after another: their span bounds the whole run.
    const chains = Object.entries(run.assetSpans)
      .filter(([asset, span]) => deployment.catalog.get(asset).dependsOnPast && span.partitions > 1)
      .map(([asset, span]) => `${asset} ${span.partitions} in sequence ${(span.ms / 1000).toFixed(2)} s`);
    rows.push({
      case: label,
      partitions: run.summary.total,
      ms: run.ms,
      notes: [
        `${equal ? 'equal to' : 'DIFFERENT FROM'} (a); ${run.summary.outcome}`,
        ...(publication ? [`${publication.assets.length} tables published in ${publication.ms} ms`] : []),
        ...chains,
        cpuPerPartition(run.cpu, run.summary.total),
      ].join('; '),
    });
    figures[key] = {
      ms: run.ms,
      partitions: run.summary.total,
      equalToPhysical: equal,
      historyEvents: run.historyEvents,
      cpuMs: run.cpu,
      assetSpans: run.assetSpans,
      ...(publication && { publishMs: publication.ms }),
    };
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
