/**
 * i. The four-asset daily DAG (bench/daily-dag): (i-a) one pass per table,
 * the physical limit; (i-b) the plain script, the same partitions one
 * transaction each, in order; (i-c) Retrofill. Both (i-b) and (i-c) are
 * checked against (i-a).
 */
import { join } from 'node:path';
import { loadAssetsModule } from '../../assets/load-assets-module';
import { createScratchDatabase } from '../../local/scratch-database';
import { prepareDatabase } from '../../worker/prepare-database';
import { plainScript } from '../baselines';
import type { BenchServers } from '../bench-deployment';
import { buildDagReference, dagReferenceFingerprints } from '../daily-dag/reference';
import { ratio, type BenchRow } from '../report';
import { differingTables } from '../table-fingerprint';
import { chainNotes } from './chain-notes';
import { measureRetrofill } from './measure-retrofill';

const DAG = join(__dirname, '..', 'daily-dag', 'assets.ts');

export async function dailyDagCase(
  servers: BenchServers,
  { months, concurrency }: { months: number; concurrency: number },
  out: { rows: BenchRow[]; figures: Record<string, unknown> },
  log: (line: string) => void,
): Promise<void> {
  const start = new Date(Date.UTC(2019, 0, 1));
  const end = new Date(Date.UTC(2019, months, 1));
  const day = (t: number) => new Date(t).toISOString().slice(0, 10);
  const days = (end.getTime() - start.getTime()) / 86_400_000;
  const catalog = await loadAssetsModule(DAG);
  const key = `dag_${months}m`;

  log(`i-a. DAG over ${months} months: one pass per table`);
  const reference = await createScratchDatabase(servers.adminDatabaseUrl, 'retrofill_bench');
  await prepareDatabase(reference.db, catalog);
  const physical = await buildDagReference(reference.db, start, end);
  const physicalMs = physical.ms;
  const expected = await dagReferenceFingerprints(reference.db);
  await reference.drop();
  out.rows.push({
    case: `i-a. DAG ${months} months, one pass per table`,
    partitions: days * 3 + months,
    ms: physicalMs,
    notes: `seconds a table: ${Object.entries(physical.perTable).map(([t, ms]) => `${t} ${(ms / 1000).toFixed(2)}`).join(', ')}`,
  });

  log('i-b. DAG: plain script');
  const plain = await createScratchDatabase(servers.adminDatabaseUrl, 'retrofill_bench');
  await prepareDatabase(plain.db, catalog);
  const script = await plainScript(plain.db, catalog, start, end);
  const plainDiffers = await differingTables(plain.db, expected);
  await plain.drop();
  const perAsset = Object.entries(script.perAsset).map(([asset, a]) => `${asset} ${(a.ms / a.partitions).toFixed(1)}`);
  out.rows.push({
    case: `i-b. DAG, plain script, per partition in order`,
    partitions: script.partitions,
    ms: script.ms,
    notes: `${plainDiffers.length === 0 ? 'tables equal (i-a)' : `TABLES DIFFER: ${plainDiffers.join(', ')}`}; ms a partition: ${perAsset.join(', ')}`,
  });

  const request = { assets: ['dag_raw_sales'], downstream: true, from: day(start.getTime()), to: day(end.getTime() - 86_400_000), maxConcurrency: concurrency };
  const { row, figures } = await measureRetrofill(
    servers,
    {
      key,
      label: `i-c. Retrofill DAG ${months} months, concurrency ${concurrency}`,
      module: DAG,
      request,
      warmUp: { ...request, to: day(Date.UTC(2019, 1, 1) - 86_400_000) },
      expected,
      notes: (run, deployment) => [...chainNotes(run, deployment), `${ratio(run.ms, physicalMs)} (i-a), ${ratio(run.ms, script.ms)} (i-b)`],
    },
    log,
  );
  out.rows.push(row);
  out.figures[key] = {
    ...figures,
    physical,
    plainScript: { ...script, equalToReference: plainDiffers.length === 0 },
    overPhysical: (figures.ms as number) / physicalMs,
    overPlainScript: (figures.ms as number) / script.ms,
  };
}
