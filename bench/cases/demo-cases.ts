/**
 * The demo DAG (a–d, g): the physical limit, the plain script, Retrofill per
 * partition at each concurrency, a single run per 31 days, and a shadow
 * backfill; each in a fresh database, its tables checked against (a).
 */
import { join } from 'node:path';
import { loadAssetsModule } from '../../assets/load-assets-module';
import { DEMO_TABLES } from '../../examples/demo/reference';
import { createScratchDatabase } from '../../local/scratch-database';
import { prepareDatabase } from '../../worker/prepare-database';
import { physicalLimit, plainScript } from '../baselines';
import type { BenchServers } from '../bench-deployment';
import type { BenchRow } from '../report';
import { tableFingerprint, type TableFingerprint } from '../table-fingerprint';
import { chainNotes } from './chain-notes';
import { measureRetrofill, type RetrofillCase } from './measure-retrofill';

const ROOT = join(__dirname, '..', '..');
const DEMO = join(ROOT, 'bench/demo/assets.ts');
const SINGLE_RUN = join(ROOT, 'test/fixtures/single-run-assets.ts');

export async function demoCases(
  servers: BenchServers,
  { months, concurrency }: { months: number; concurrency: number[] },
  out: { rows: BenchRow[]; figures: Record<string, unknown> },
  log: (line: string) => void,
): Promise<void> {
  const start = new Date(Date.UTC(2023, 0, 1));
  const end = new Date(Date.UTC(2023, months, 1));
  const day = (t: number) => new Date(t).toISOString().slice(0, 10);
  const catalog = await loadAssetsModule(DEMO);

  const reference = await createScratchDatabase(servers.adminDatabaseUrl, 'retrofill_bench');
  await prepareDatabase(reference.db, catalog);
  log(`a. physical limit over ${months} month(s)`);
  const physicalMs = await physicalLimit(reference.db, start, end);
  const expected: Record<string, TableFingerprint> = {};
  for (const table of Object.keys(DEMO_TABLES)) expected[table] = await tableFingerprint(reference.db, `ref_${table}`);
  await reference.drop();
  const partitions = 1 + ((end.getTime() - start.getTime()) / 86_400_000) * 3 + months;
  out.rows.push({ case: 'a. physical limit (INSERT … SELECT per table)', partitions, ms: physicalMs });
  out.figures.physical = { ms: physicalMs };

  const plain = await createScratchDatabase(servers.adminDatabaseUrl, 'retrofill_bench');
  await prepareDatabase(plain.db, catalog);
  log('b. plain sequential script');
  const script = await plainScript(plain.db, catalog, start, end);
  await plain.drop();
  out.rows.push({ case: 'b. plain script, per partition', partitions: script.partitions, ms: script.ms });
  out.figures.plainScript = script;

  const request = { assets: ['customers', 'raw_events'], from: day(start.getTime()), to: day(end.getTime() - 86_400_000), downstream: true };
  // The first month, the shortest range with a partition of every asset: all of it at --months 1.
  const warmUpTo = day(Date.UTC(2023, 1, 1) - 86_400_000);
  const cases: RetrofillCase[] = [
    ...concurrency.map((n) => ({ key: `retrofill_c${n}`, label: `c. Retrofill, concurrency ${n}`, module: DEMO, request: { ...request, maxConcurrency: n } })),
    { key: 'singleRun', label: 'd. Retrofill single run (31 days), concurrency 4', module: SINGLE_RUN, request: { ...request, maxConcurrency: 4 } },
    { key: 'shadow', label: 'g. Retrofill in a shadow, checked, published, concurrency 4', module: DEMO, request: { ...request, maxConcurrency: 4, isolation: 'shadow' as const } },
  ].map((c) => ({ ...c, warmUp: { ...c.request, to: warmUpTo }, expected, notes: chainNotes }));
  for (const c of cases) {
    const { row, figures, run } = await measureRetrofill(servers, c, log);
    const publication = run.summary.shadow?.publication;
    if (publication) row.notes += `; ${publication.assets.length} tables published in ${publication.ms} ms`;
    out.rows.push(row);
    out.figures[c.key] = { ...figures, ...(publication && { publishMs: publication.ms }) };
  }
}
