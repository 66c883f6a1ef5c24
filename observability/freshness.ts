/**
 * Freshness of each asset: how far its newest materialized data lags behind
 * now. For a time-partitioned asset, seconds since the end of its newest
 * materialized partition's window (a daily asset complete through yesterday
 * is fresh at 00:00 and a day stale at midnight the next day); for a static or
 * unpartitioned asset, seconds since its last materialization.
 */
import type { Knex } from 'knex';
import type { AssetCatalog } from '../assets/asset-catalog';
import { partitionWindow } from '../core/partitions/partitions-def';
import { lastMaterializedAt, newestMaterializedKey } from '../db/ledger/newest-materialized';
import type { RetrofillMetrics } from './retrofill-metrics';

/** How often a worker with a metrics endpoint reads freshness from the ledger. */
export const FRESHNESS_EVERY_MS = 5_000;

/** Reads every asset's freshness from the ledger and sets the gauge; assets never materialized are left out. */
export async function reportFreshness(db: Knex, catalog: AssetCatalog, metrics: RetrofillMetrics, nowMs: number): Promise<void> {
  for (const asset of catalog.assets) {
    let since: number | undefined;
    if (asset.partitions.kind === 'time') {
      const key = await newestMaterializedKey({ knex: db }, asset.name);
      since = key === undefined ? undefined : partitionWindow(asset.partitions, key)?.end;
    } else {
      since = (await lastMaterializedAt({ knex: db }, asset.name))?.getTime();
    }
    if (since !== undefined) metrics.freshness(asset.name, Math.max(0, (nowMs - since) / 1000));
  }
}

/** Reports freshness now and every `everyMs` until the returned stop is called; a failed read is reported and retried next time. */
export function startFreshnessReports(
  db: Knex,
  catalog: AssetCatalog,
  metrics: RetrofillMetrics,
  onError: (error: unknown) => void,
  everyMs = FRESHNESS_EVERY_MS,
): () => void {
  let running: Promise<void> | undefined;
  const tick = () => {
    // A slow ledger read is not stacked on by the next tick.
    if (running) return;
    running = reportFreshness(db, catalog, metrics, Date.now())
      .catch(onError)
      .finally(() => (running = undefined));
  };
  tick();
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
