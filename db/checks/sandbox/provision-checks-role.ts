/**
 * Creates (or re-keys) the role custom checks run as: a login role with no
 * attribute beyond LOGIN and no membership, so it can read only what it is
 * granted (and what PostgreSQL grants everyone). Needs CREATEROLE (or a
 * superuser); safe to repeat and to run from several workers at once.
 */
import type { Knex } from 'knex';
import { rawRows } from '../../raw-rows';
import { SCRAM_VERIFIER } from './checks-role-password';

const ATTRIBUTES = 'LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION NOBYPASSRLS';

/** SQLSTATEs of another worker changing the same catalog row at once: worth another try. */
const CONCURRENT_CHANGE = new Set(['42710', '23505', 'XX000']);

/** Runs `change` (a catalog change), again when another session changed the same row at once. */
export async function retryingConcurrentChange(change: () => Promise<unknown>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await change();
      return;
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (attempt >= 3 || typeof code !== 'string' || !CONCURRENT_CHANGE.has(code)) throw error;
    }
  }
}

/** Makes `role` a login role with `verifier` (a SCRAM verifier) as its password, creating it when missing. */
export async function provisionChecksRole(db: Knex, role: string, verifier: string): Promise<void> {
  // DDL takes no bind parameters: the role is an identifier knex quotes, the verifier one Retrofill
  // computed (base64, `$` and `:` only), checked again here before it is written as a literal.
  if (!SCRAM_VERIFIER.test(verifier)) throw new Error('not a SCRAM-SHA-256 verifier');
  await retryingConcurrentChange(async () => {
    const rows = await rawRows<unknown>(db, 'SELECT 1 FROM pg_roles WHERE rolname = ?', [role]);
    if (rows.length === 0) await db.raw(`CREATE ROLE ?? ${ATTRIBUTES} PASSWORD '${verifier}'`, [role]);
    // Only the password: its attributes are checked at each login (a privileged role is refused).
    else await db.raw(`ALTER ROLE ?? PASSWORD '${verifier}'`, [role]);
  });
}
