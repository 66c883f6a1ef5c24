/**
 * h. A dependsOnPast chain: one daily asset whose days run strictly in order,
 * about 10 ms of SQL a link. The plain script (each day in its own
 * transaction, in order) gives what the SQL alone costs and the rows
 * Retrofill must reproduce.
 */
import { join } from 'node:path';
import { loadAssetsModule } from '../../assets/load-assets-module';
import { createScratchDatabase } from '../../local/scratch-database';
import { prepareDatabase } from '../../worker/prepare-database';
import { plainScript } from '../baselines';
import type { BenchServers } from '../bench-deployment';
import type { BenchRow } from '../report';
import { tableFingerprint } from '../table-fingerprint';
import { measureRetrofill } from './measure-retrofill';

const CHAIN = join(__dirname, '..', 'chain', 'assets.ts');
const TABLE = 'chain_running_totals';
/** The warm-up's links: the first month. */
const WARM_UP_DAYS = 31;

export async function chainCase(servers: BenchServers, days: number, out: { rows: BenchRow[]; figures: Record<string, unknown> }, log: (line: string) => void): Promise<void> {
  const start = new Date(Date.UTC(2019, 0, 1));
  const end = new Date(start.getTime() + days * 86_400_000);
  const day = (t: number) => new Date(t).toISOString().slice(0, 10);

  log(`h. chain of ${days} links: plain script`);
  const plain = await createScratchDatabase(servers.adminDatabaseUrl, 'retrofill_bench');
  const catalog = await loadAssetsModule(CHAIN);
  await prepareDatabase(plain.db, catalog);
  const script = await plainScript(plain.db, catalog, start, end);
  const expected = { [TABLE]: await tableFingerprint(plain.db, TABLE) };
  await plain.drop();
  out.rows.push({ case: `h. chain, plain script (${days} links in order)`, partitions: script.partitions, ms: script.ms });
  out.figures[`chain_${days}_plainScript`] = script;

  const request = { assets: [TABLE], from: day(start.getTime()), to: day(end.getTime() - 86_400_000), maxConcurrency: 4 };
  const { row, figures } = await measureRetrofill(
    servers,
    {
      key: `chain_${days}`,
      label: `h. Retrofill chain of ${days} links`,
      module: CHAIN,
      request,
      warmUp: { ...request, to: day(start.getTime() + (WARM_UP_DAYS - 1) * 86_400_000) },
      expected,
    },
    log,
  );
  out.rows.push(row);
  out.figures[`chain_${days}`] = { ...figures, overPlainScript: (figures.ms as number) / script.ms };
}
