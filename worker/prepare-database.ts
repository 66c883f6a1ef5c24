/** Brings Retrofill's schema up to date and creates the users' tables before a worker takes work. */
import type { Knex } from 'knex';
import type { AssetCatalog } from '../assets/asset-catalog';
import { migrate } from '../db/migrate';

/** Any constant: serialises asset `setup` across workers starting at once. */
const SETUP_LOCK = 7_246_130;

export async function prepareDatabase(db: Knex, catalog: AssetCatalog): Promise<void> {
  await migrate(db);
  await db.transaction(async (trx) => {
    await trx.raw('SELECT pg_advisory_xact_lock(?)', [SETUP_LOCK]);
    for (const asset of catalog.assets) await asset.setup?.(trx);
  });
}
