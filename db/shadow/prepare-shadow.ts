/**
 * Creates one backfill's shadow before any partition is written: a data table
 * per asset shaped like production, and a read view per asset that shows
 * production overlaid with the shadow partitions and routes inserts to the
 * data table. Safe to repeat (an activity retry): everything is created only
 * if missing, under a lock on the backfill.
 */
import type { Knex } from 'knex';
import type { Asset } from '../../assets/define-asset';
import { rawRows } from '../raw-rows';
import { SHADOWS_TABLE, ShadowState } from '../rows';
import { quotedName, shadowKey } from './ddl-values';
import { outsideShadowPartitions } from './partition-match';
import { shadowSchemas, shadowTables } from './shadow-names';
import { partitionedTable, qualifiedTable } from './table-catalog';

export interface ShadowPreparation {
  backfillId: string;
  /** Every asset the backfill may write. */
  assets: readonly Asset[];
  /** How long publish keeps the rows it replaces, for rollback. */
  keepReplacedDays: number;
}

export async function prepareShadow({ knex }: { knex: Knex }, p: ShadowPreparation): Promise<void> {
  const schemas = shadowSchemas(p.backfillId);
  await knex.transaction(async (trx) => {
    await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [`retrofill-shadow:${p.backfillId}`]);
    await trx(SHADOWS_TABLE)
      .insert({ backfill_id: p.backfillId, state: ShadowState.BUILDING, created_at: trx.fn.now(), keep_replaced_days: p.keepReplacedDays })
      .onConflict('backfill_id')
      .ignore();
    await trx.raw('CREATE SCHEMA IF NOT EXISTS ??', [schemas.data]);
    await trx.raw('CREATE SCHEMA IF NOT EXISTS ??', [schemas.read]);
    const key = await shadowKey(trx, p.backfillId);
    for (const asset of p.assets) await prepareAssetShadow(trx, p.backfillId, key, asset);
  });
}

async function prepareAssetShadow(trx: Knex.Transaction, backfillId: string, key: string, asset: Asset): Promise<void> {
  const production = await qualifiedTable(trx, asset.table);
  const tables = shadowTables(backfillId, asset);
  // Constraints and indexes too: a write that production would refuse is refused in the shadow.
  await trx.raw('CREATE TABLE IF NOT EXISTS ?? (LIKE ?? INCLUDING ALL)', [tables.data, production]);
  // A view's body is DDL and takes no bindings: it finds the shadow's partitions by the key, not by the id.
  const unshadowed = outsideShadowPartitions(key, await partitionedTable(trx, asset), 'p');
  await trx.raw(`CREATE OR REPLACE VIEW ?? AS SELECT * FROM ?? UNION ALL SELECT p.* FROM ?? AS p WHERE ${unshadowed}`, [
    tables.read,
    tables.data,
    production,
  ]);
  // An insert that leaves out a column gets production's default, as it would in production. The
  // expressions are the server's own rendering of production's defaults (pg_get_expr and
  // quote_literal write literals valid under the session's settings), not values a caller chose.
  const defaults = await rawRows<{ name: string; expr: string }>(
    trx,
    `SELECT a.attname AS name, pg_get_expr(d.adbin, d.adrelid) AS expr FROM pg_attrdef d
       JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
      WHERE d.adrelid = to_regclass(?) AND NOT a.attisdropped AND a.attgenerated = ''`,
    [production],
  );
  // Identity columns have no default expression: draw from production's own sequence, as production would.
  const identities = await rawRows<{ name: string; expr: string }>(
    trx,
    `SELECT a.attname AS name, 'nextval(' || quote_literal(pg_get_serial_sequence(?, a.attname)) || ')' AS expr FROM pg_attribute a
      WHERE a.attrelid = to_regclass(?) AND a.attidentity <> '' AND NOT a.attisdropped`,
    [production, production],
  );
  for (const { name, expr } of [...defaults, ...identities]) {
    // A `?` in the expression (a string, jsonb's operator) is SQL's own, not a knex binding.
    await trx.raw(`ALTER VIEW ?? ALTER COLUMN ?? SET DEFAULT ${expr.replace(/\?/g, '\\?')}`, [tables.read, name]);
  }
  // One function per asset, with static SQL: its plan is cached, where a shared one with dynamic SQL
  // cost several times more per row. Named like the asset (unique; functions and views do not clash).
  // The row holds every value already (the view's defaults were applied): keep them all.
  const insert = `${shadowSchemas(backfillId).read}.${asset.name}`;
  await trx.raw(
    `CREATE OR REPLACE FUNCTION ??() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN INSERT INTO ${quotedName(tables.data)} OVERRIDING SYSTEM VALUE SELECT (NEW).*; RETURN NEW; END $$`,
    [insert],
  );
  await trx.raw('DROP TRIGGER IF EXISTS insert_into_shadow ON ??', [tables.read]);
  await trx.raw('CREATE TRIGGER insert_into_shadow INSTEAD OF INSERT ON ?? FOR EACH ROW EXECUTE FUNCTION ??()', [tables.read, insert]);
}

