/**
 * The password of the checks role the worker provisions: derived from the
 * worker's own credentials (an HMAC keyed by its password), so every worker
 * with the same DATABASE_URL agrees on it without storing or sharing it, and
 * nobody without the worker's password can compute it. The server is given
 * its SCRAM-SHA-256 verifier, never the password itself (statement logs keep
 * what `ALTER ROLE` says).
 */
import { createHash, createHmac, pbkdf2Sync } from 'node:crypto';

const SCRAM_ITERATIONS = 4096;

/** The checks role's password for a worker that logs in as `user` with `password`. */
export function checksRolePassword(user: string, password: string): string {
  return createHmac('sha256', password).update(`retrofill checks role of ${user}`).digest('base64url');
}

/**
 * The SCRAM-SHA-256 verifier PostgreSQL stores for `password`
 * (`SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>`, RFC 5802/7677),
 * with a salt derived from it, so repeating the provisioning writes the same
 * verifier. Only base64 characters, `$` and `:`: it can be written as a literal.
 */
export function scramVerifier(password: string): string {
  const salt = createHmac('sha256', password).update('retrofill checks role salt').digest().subarray(0, 16);
  const salted = pbkdf2Sync(password, salt, SCRAM_ITERATIONS, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${SCRAM_ITERATIONS}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}

/** A verifier as {@link scramVerifier} writes it, and nothing else. */
export const SCRAM_VERIFIER = /^SCRAM-SHA-256\$\d+:[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/;
