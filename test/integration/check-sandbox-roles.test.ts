/**
 * The role custom checks run as, with a worker that is not a superuser (as
 * docs/security.md recommends): a worker with CREATEROLE provisions its
 * `<role>_checks` and can end that role's sessions only through it; a worker
 * without CREATEROLE fails closed; `RETROFILL_CHECKS_DATABASE_URL` runs checks
 * as a pre-provisioned role, unless that role may do more than read.
 */
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runChecksActivity } from '../../activities/run-checks';
import { AssetCatalog } from '../../assets/asset-catalog';
import { defineAsset } from '../../assets/define-asset';
import { dailyPartitions } from '../../assets/partitions';
import { connectDatabase } from '../../db/connect';
import { migrate } from '../../db/migrate';
import { SHADOW_PARTITIONS_TABLE } from '../../db/rows';
import { CheckSandbox } from '../../db/checks/sandbox/check-sandbox';
import { checksRoleName } from '../../db/checks/sandbox/check-sandbox-options';
import { ChecksRoleUnavailableError } from '../../db/checks/sandbox/sandbox-errors';
import { prepareShadow } from '../../db/shadow/prepare-shadow';
import { shadowTables } from '../../db/shadow/shadow-names';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';
import { waitFor } from '../helpers/wait-for';

const suffix = randomBytes(4).toString('hex');
/** Roles are server-wide: named for this run, dropped at the end. */
const ROLES = { worker: `rf_worker_${suffix}`, limited: `rf_limited_${suffix}`, reader: `rf_reader_${suffix}`, fileReader: `rf_files_${suffix}` };
const PASSWORD = 'test-password';
const BACKFILL = 'roles';

const asset = defineAsset({
  name: 'daily',
  partitions: dailyPartitions({ start: '2024-01-01' }),
  partitionColumn: 'day',
  materialize: async () => {},
  checks: [
    { kind: 'notNull', columns: ['n'] },
    { kind: 'sql', name: 'n is positive', sql: 'SELECT day, n FROM :table: WHERE n <= 0' },
    { kind: 'sql', name: 'days production lacks', sql: 'SELECT t.day FROM :table: AS t WHERE NOT EXISTS (SELECT 1 FROM :production: AS p WHERE p.day = t.day)' },
    { kind: 'sql', name: 'reads a file', sql: "SELECT pg_read_file('pg_hba.conf') AS f" },
  ],
});
const catalog = new AssetCatalog([asset]);

let database: TestDatabase;
/** The test database's pool, as the server's superuser. */
let admin: Knex;
/** For the roles, which outlive the database. */
let server: Knex;
/** Pools logged in as the roles above. */
const pools: Knex[] = [];

const urlAs = (role: string, password = PASSWORD) => {
  const url = new URL(database.url);
  url.username = role;
  url.password = password;
  return url.toString();
};
const poolAs = (role: string) => {
  const db = connectDatabase({ url: urlAs(role), poolMax: 3 });
  pools.push(db);
  return db;
};
let worker: Knex;
const tables = () => [shadowTables(BACKFILL, asset).data, 'public.daily'];
const sleeping = async () =>
  (await admin.raw("SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE '%pg_sleep(600)%' AND datname = current_database() AND pid <> pg_backend_pid()")).rows[0].n as number;

beforeAll(async () => {
  database = await createTestDatabase();
  admin = database.db;
  server = connectDatabase({ url: inject('adminDatabaseUrl'), poolMax: 2 });
  await admin.raw(`CREATE ROLE ?? LOGIN CREATEROLE PASSWORD '${PASSWORD}'`, [ROLES.worker]);
  await admin.raw(`CREATE ROLE ?? LOGIN PASSWORD '${PASSWORD}'`, [ROLES.limited]);
  await admin.raw(`CREATE ROLE ?? LOGIN PASSWORD '${PASSWORD}'`, [ROLES.reader]);
  await admin.raw(`CREATE ROLE ?? LOGIN PASSWORD '${PASSWORD}' IN ROLE pg_read_server_files`, [ROLES.fileReader]);
  // The worker owns the database, as the docs advise: it creates Retrofill's tables and the shadow's schemas.
  await admin.raw('ALTER DATABASE ?? OWNER TO ??', [new URL(database.url).pathname.slice(1), ROLES.worker]);
  worker = poolAs(ROLES.worker);
  await migrate(worker);
  await worker.schema.createTable('daily', (t) => {
    t.date('day').notNullable();
    t.integer('n').notNullable();
  });
  await worker('daily').insert({ day: '2024-01-01', n: 1 });
  await prepareShadow({ knex: worker }, { backfillId: BACKFILL, assets: [asset], keepReplacedDays: 7 });
  for (const day of ['2024-01-01', '2024-01-02']) {
    await worker(SHADOW_PARTITIONS_TABLE).insert({ backfill_id: BACKFILL, asset: 'daily', partition_key: day, window_start: new Date(`${day}T00:00:00Z`), window_end: new Date(new Date(`${day}T00:00:00Z`).getTime() + 86_400_000) });
    await worker(shadowTables(BACKFILL, asset).data).insert({ day, n: 2 });
  }
});

afterAll(async () => {
  for (const db of pools) await db.destroy();
  await database?.drop();
  // The worker's provisioned role first: the worker holds the admin option on it.
  for (const role of [checksRoleName(ROLES.worker), ...Object.values(ROLES)]) await server?.raw('DROP ROLE IF EXISTS ??', [role]);
  await server?.destroy();
});

const messages = (outcomes: Array<{ check: string; passed: boolean; message: string }>) => outcomes.map(({ check, passed, message }) => ({ check, passed, message }));

describe('a worker role with CREATEROLE', () => {
  it('provisions <role>_checks without privileges, and runs custom checks as it', async () => {
    const outcomes = await runChecksActivity({ db: worker, catalog })({ backfillId: BACKFILL, assets: ['daily'] });
    expect(messages(outcomes)).toEqual([
      { check: 'notNull(n)', passed: true, message: 'no nulls in n' },
      { check: 'n is positive', passed: true, message: 'no failing rows' },
      { check: 'days production lacks', passed: false, message: '1 failing row' },
      { check: 'reads a file', passed: false, message: 'could not run: permission denied for function pg_read_file' },
    ]);
    const { rows } = await admin.raw(
      `SELECT rolcanlogin, rolsuper, rolcreaterole, rolcreatedb, rolinherit, rolreplication, rolbypassrls,
              (SELECT count(*)::int FROM pg_auth_members WHERE member = r.oid) AS memberships
         FROM pg_roles r WHERE rolname = ?`,
      [checksRoleName(ROLES.worker)],
    );
    expect(rows).toEqual([
      { rolcanlogin: true, rolsuper: false, rolcreaterole: false, rolcreatedb: false, rolinherit: false, rolreplication: false, rolbypassrls: false, memberships: 0 },
    ]);
  });

  it("ends a cancelled check's session although the worker's role may not signal it", async () => {
    const sandbox = new CheckSandbox(worker, { timeoutMs: 600_000 });
    const cancel = new AbortController();
    const running = sandbox.rows({ sql: 'SELECT pg_sleep(600)', bindings: [] }, tables(), cancel.signal);
    running.catch(() => undefined);
    await waitFor('the check to sleep', sleeping, (n) => n === 1, 30_000);
    // Not a member of its checks role: the worker's pool cannot end that role's sessions.
    const { rows } = await admin.raw("SELECT pid FROM pg_stat_activity WHERE query LIKE '%pg_sleep(600)%' AND datname = current_database() AND pid <> pg_backend_pid()");
    await expect(worker.raw('SELECT pg_terminate_backend(?)', [rows[0].pid])).rejects.toThrow(/permission denied to terminate process/);
    cancel.abort(new Error('cancelled by the test'));
    await expect(running).rejects.toThrow('cancelled by the test');
    await waitFor('the sleeping query to be gone', sleeping, (n) => n === 0, 10_000);
  });
});

describe('a worker role without CREATEROLE', () => {
  it('fails closed, naming the problem and the fix', async () => {
    const sandbox = new CheckSandbox(poolAs(ROLES.limited));
    const refusal = sandbox.rows({ sql: 'SELECT 1', bindings: [] }, []);
    await expect(refusal).rejects.toBeInstanceOf(ChecksRoleUnavailableError);
    await expect(refusal).rejects.toThrow(
      `custom SQL checks run only as a least-privilege role, and none is available: the worker's role may not create or alter role ${ROLES.limited}_checks`,
    );
    await expect(refusal).rejects.toThrow('set RETROFILL_CHECKS_DATABASE_URL');
  });
});

describe('RETROFILL_CHECKS_DATABASE_URL', () => {
  it('runs custom checks as that role, granted exactly the tables they read', async () => {
    const checks = { databaseUrl: urlAs(ROLES.reader) };
    const sandbox = new CheckSandbox(worker, checks);
    expect(await sandbox.rows({ sql: 'SELECT current_user AS who', bindings: [] }, [])).toEqual([{ who: ROLES.reader }]);
    const outcomes = await runChecksActivity({ db: worker, catalog, checks })({ backfillId: BACKFILL, assets: ['daily'] });
    expect(messages(outcomes).map((o) => o.message)).toEqual(['no nulls in n', 'no failing rows', '1 failing row', 'could not run: permission denied for function pg_read_file']);
    // The ledger is no table a check is given.
    await expect(sandbox.rows({ sql: 'SELECT * FROM retrofill_ledger', bindings: [] }, tables())).rejects.toThrow('permission denied for table retrofill_ledger');
  });

  it('is refused when that role may do more than read, or cannot log in', async () => {
    const refusal = (databaseUrl: string) => new CheckSandbox(worker, { databaseUrl }).rows({ sql: 'SELECT 1', bindings: [] }, []);
    await expect(refusal(database.url)).rejects.toThrow(/role "postgres" is not least-privilege: .*it is a superuser/);
    await expect(refusal(urlAs(ROLES.worker))).rejects.toThrow(/is not least-privilege: it is the worker's own role; .*may create roles/);
    await expect(refusal(urlAs(ROLES.fileReader))).rejects.toThrow(`is not least-privilege: it is a member of pg_read_server_files`);
    await expect(refusal(urlAs(ROLES.reader, 'wrong'))).rejects.toThrow(/RETROFILL_CHECKS_DATABASE_URL could not log in \(password authentication failed/);
    for (const url of [database.url, urlAs(ROLES.worker)]) await expect(refusal(url)).rejects.toBeInstanceOf(ChecksRoleUnavailableError);
  });
});
