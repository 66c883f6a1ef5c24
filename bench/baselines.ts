/**
 * What Retrofill is compared with, on the same data:
 * (a) the physical limit — PostgreSQL computing the whole range, one
 *     INSERT … SELECT per table (the demo's one-pass reference);
 * (b) a plain script — the same per-partition delete + insert as Retrofill,
 *     one partition after another, with no orchestrator, ledger or retries.
 */
import type { Knex } from 'knex';
import { topologicalOrder } from '../core/asset-graph';
import type { AssetCatalog } from '../assets/asset-catalog';
import { partitionKeys } from '../core/partitions/partitions-def';
import { buildReference } from '../examples/demo/reference';
import { materializeDirectly } from './materialize-directly';

/** (a): every demo table over `[start, end)` in one pass. @returns ms. */
export async function physicalLimit(db: Knex, start: Date, end: Date): Promise<number> {
  const began = performance.now();
  await buildReference(db, start, end);
  return performance.now() - began;
}

/** What the plain script took: in all, and per asset (ms and partitions). */
export interface PlainScriptRun {
  ms: number;
  partitions: number;
  perAsset: Record<string, { ms: number; partitions: number }>;
}

/** (b): each partition of each asset (upstream first) in its own transaction, sequentially. */
export async function plainScript(db: Knex, catalog: AssetCatalog, start: Date, end: Date): Promise<PlainScriptRun> {
  const began = performance.now();
  let partitions = 0;
  const perAsset: PlainScriptRun['perAsset'] = {};
  for (const name of topologicalOrder(catalog.specs())) {
    const asset = catalog.get(name);
    const assetBegan = performance.now();
    const partitionsBefore = partitions;
    for (const key of partitionKeys(asset.partitions, Date.now(), { start: start.getTime(), end: end.getTime() })) {
      await materializeDirectly(db, asset, [key]);
      partitions++;
    }
    perAsset[name] = { ms: performance.now() - assetBegan, partitions: partitions - partitionsBefore };
  }
  return { ms: performance.now() - began, partitions, perAsset };
}
