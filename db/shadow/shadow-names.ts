/**
 * Where a shadow backfill keeps its data. Each backfill gets three schemas,
 * named from a hash of its id (PostgreSQL names are at most 63 bytes):
 * - `data`: one table per asset (named like the asset) holding the rows the
 *   backfill wrote, shaped like the production table;
 * - `read`: one view per asset, named like its production table, showing
 *   production overlaid with the shadow partitions. A shadow partition's
 *   transaction puts this schema first on its `search_path`, so the asset's
 *   SQL reads the shadow versions of its upstreams without a change;
 * - `replaced`: after publish, the production rows that publish replaced,
 *   kept for rollback.
 */
import { createHash } from 'node:crypto';

/** How the names of the three schemas of a shadow begin; a hash of the backfill id follows. */
export const SHADOW_SCHEMA_PREFIXES = { data: 'retrofill_shadow_', read: 'retrofill_read_', replaced: 'retrofill_replaced_' } as const;

export interface ShadowSchemas {
  data: string;
  read: string;
  replaced: string;
}

/** The three schemas of one backfill's shadow. */
export function shadowSchemas(backfillId: string): ShadowSchemas {
  const h = createHash('sha256').update(backfillId).digest('hex').slice(0, 20);
  const p = SHADOW_SCHEMA_PREFIXES;
  return { data: `${p.data}${h}`, read: `${p.read}${h}`, replaced: `${p.replaced}${h}` };
}

/** The unqualified name of a table (`analytics.events` → `events`). */
export function tableRelname(table: string): string {
  return table.slice(table.lastIndexOf('.') + 1);
}

/** The tables and view of one asset in one backfill's shadow, each qualified. */
export interface ShadowTables {
  /** The shadow rows the backfill wrote. */
  data: string;
  /** Production overlaid with the shadow: what `materialize` reads and inserts into. */
  read: string;
  /** The production rows publish replaced. */
  replaced: string;
}

export function shadowTables(backfillId: string, asset: { name: string; table: string }): ShadowTables {
  const s = shadowSchemas(backfillId);
  return { data: `${s.data}.${asset.name}`, read: `${s.read}.${tableRelname(asset.table)}`, replaced: `${s.replaced}.${asset.name}` };
}
