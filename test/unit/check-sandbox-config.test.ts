/** The checks' sandbox configuration: role name, derived password, SCRAM verifier, environment, the worker's login. */
import knex from 'knex';
import { afterEach, describe, expect, it } from 'vitest';
import { checksRoleName } from '../../db/checks/sandbox/check-sandbox-options';
import { SCRAM_VERIFIER, checksRolePassword, scramVerifier } from '../../db/checks/sandbox/checks-role-password';
import { workerLogin } from '../../db/checks/sandbox/pg-driver';
import { checkSandboxOptionsFromEnv } from '../../worker/check-sandbox-env';

describe('checksRoleName', () => {
  it("is the worker's role with _checks, within PostgreSQL's 63 bytes", () => {
    expect(checksRoleName('retrofill')).toBe('retrofill_checks');
    expect(checksRoleName('a'.repeat(63))).toBe(`${'a'.repeat(56)}_checks`);
    // Cut between characters, never inside one.
    const name = checksRoleName('é'.repeat(40));
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(63);
    expect(name).toBe(`${'é'.repeat(28)}_checks`);
  });
});

describe('the provisioned role password', () => {
  it('is the same for every worker with the same login, and differs with the user or the password', () => {
    const password = checksRolePassword('retrofill', 's3cret');
    expect(checksRolePassword('retrofill', 's3cret')).toBe(password);
    expect(checksRolePassword('other', 's3cret')).not.toBe(password);
    expect(checksRolePassword('retrofill', 's3cret!')).not.toBe(password);
    expect(password).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(password).not.toContain('s3cret');
  });

  it('reaches the server as a deterministic SCRAM-SHA-256 verifier that can be written as a literal', () => {
    const verifier = scramVerifier('abc');
    expect(verifier).toMatch(SCRAM_VERIFIER);
    expect(verifier).toMatch(/^SCRAM-SHA-256\$4096:/);
    expect(scramVerifier('abc')).toBe(verifier);
    expect(scramVerifier('abd')).not.toBe(verifier);
    expect(verifier).not.toMatch(/['\\]/);
    expect(SCRAM_VERIFIER.test("SCRAM-SHA-256$4096:a$b:c'; DROP ROLE x; --")).toBe(false);
  });
});

describe('checkSandboxOptionsFromEnv', () => {
  it('reads the checks URL and the timeout in seconds', () => {
    expect(checkSandboxOptionsFromEnv({})).toEqual({});
    expect(checkSandboxOptionsFromEnv({ RETROFILL_CHECKS_DATABASE_URL: '', RETROFILL_CHECK_TIMEOUT: '' })).toEqual({});
    expect(checkSandboxOptionsFromEnv({ RETROFILL_CHECKS_DATABASE_URL: 'postgres://c:p@db:5432/w', RETROFILL_CHECK_TIMEOUT: '2.5' })).toEqual({
      databaseUrl: 'postgres://c:p@db:5432/w',
      timeoutMs: 2500,
    });
    expect(checkSandboxOptionsFromEnv({ RETROFILL_CHECKS_DATABASE_URL: 'postgresql://c@db/w' }).databaseUrl).toBe('postgresql://c@db/w');
  });

  it('refuses malformed values, naming the variable', () => {
    for (const timeout of ['0', '-1', 'abc', '1e3', '60s', '86401', 'NaN', 'Infinity']) {
      expect(() => checkSandboxOptionsFromEnv({ RETROFILL_CHECK_TIMEOUT: timeout }), timeout).toThrow(
        `RETROFILL_CHECK_TIMEOUT must be a number of seconds above 0 and at most 86400, got "${timeout}"`,
      );
    }
    for (const url of ['db:5432', 'mysql://x@db/w', 'not a url']) {
      expect(() => checkSandboxOptionsFromEnv({ RETROFILL_CHECKS_DATABASE_URL: url }), url).toThrow('RETROFILL_CHECKS_DATABASE_URL must be a postgres:// URL');
    }
  });
});

describe('workerLogin', () => {
  const saved = process.env.PGPASSWORD;
  afterEach(() => {
    if (saved === undefined) delete process.env.PGPASSWORD;
    else process.env.PGPASSWORD = saved;
  });

  it("reads the worker's login from its URL, or its password from PGPASSWORD as the driver does", async () => {
    const fromUrl = knex({ client: 'pg', connection: 'postgres://worker:pw@db.internal:6543/warehouse' });
    expect(await workerLogin(fromUrl)).toMatchObject({ host: 'db.internal', port: 6543, database: 'warehouse', user: 'worker', password: 'pw' });
    process.env.PGPASSWORD = 'from-env';
    const fromEnv = knex({ client: 'pg', connection: 'postgres://retrofill@retrofill-db:5432/retrofill' });
    expect(await workerLogin(fromEnv)).toMatchObject({ user: 'retrofill', password: 'from-env' });
    delete process.env.PGPASSWORD;
    expect((await workerLogin(fromEnv)).password).toBeNull();
    await Promise.all([fromUrl.destroy(), fromEnv.destroy()]);
  });
});
