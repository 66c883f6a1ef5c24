/**
 * The only values a shadow's DDL (read views, trigger functions) holds in its
 * text, since DDL takes no bind parameters: a key the server derives from the
 * backfill id, validated asset names, and quoted identifiers. Never the
 * backfill id itself: the caller chose it, and a quoted literal cannot be made
 * safe for every server setting (under `standard_conforming_strings = off` a
 * backslash escapes the quote that was meant to close it).
 */
import type { Db } from '../db';
import { rawRows } from '../raw-rows';
import { ASSET_NAME } from '../../core/asset-spec';

const SHADOW_KEY = /^[0-9a-f]{32}$/;

/**
 * The shadow key of a backfill, as the `shadow_key` column of
 * retrofill_shadow_partitions computes it (`md5(backfill_id)`): asked of the
 * server, so it agrees with the column whatever the database's encoding.
 */
export async function shadowKey(knex: Db, backfillId: string): Promise<string> {
  const [row] = await rawRows<{ key: string }>(knex, 'SELECT md5(?::text) AS key', [backfillId]);
  return row!.key;
}

/** A shadow key as a SQL literal. @throws Error unless it is 32 hex digits, all a key can be. */
export function shadowKeyLiteral(key: string): string {
  if (!SHADOW_KEY.test(key)) throw new Error(`not a shadow key: ${JSON.stringify(key)}`);
  return `'${key}'`;
}

/**
 * An asset name as a SQL literal. Names come from the assets module, which
 * the catalog validates (lowercase letters, digits, _), not from a request;
 * checked again here so nothing else can reach DDL this way.
 * @throws Error unless it matches the asset name pattern.
 */
export function assetNameLiteral(name: string): string {
  if (!ASSET_NAME.test(name)) throw new Error(`not an asset name: ${JSON.stringify(name)}`);
  return `'${name}'`;
}

/**
 * `"schema"."table"` (or `"column"`): a possibly qualified name quoted as an
 * identifier, with `"` doubled. Identifiers have no backslash escapes, so
 * this holds under any server setting.
 */
export function quotedName(qualified: string): string {
  return qualified
    .split('.')
    .map((part) => `"${part.replace(/"/g, '""')}"`)
    .join('.');
}
