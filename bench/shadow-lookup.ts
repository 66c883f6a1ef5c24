/**
 * `npm run bench:shadow-lookup`: how fast a shadow finds its partitions in a
 * large table. 365,000 rows over 3,650 daily partitions (a timestamptz and a
 * date column), all held by the shadow, then one: reading one partition
 * through the read view, reading the whole view, and selecting the rows
 * publish replaces. Prints milliseconds; starts its own embedded PostgreSQL.
 */
import { migrate } from '../db/migrate';
import { shadowKey } from '../db/shadow/ddl-values';
import { outsideShadowPartitions, shadowPartitionRows, type PartitionedTable } from '../db/shadow/partition-match';
import { startEmbeddedPostgres } from '../local/embedded-postgres';
import { createScratchDatabase } from '../local/scratch-database';

const DAYS = 3650;
const ROWS = 365_000;
const TABLES: Array<PartitionedTable & { day: string }> = [
  { asset: 'events', partitions: 'time', column: 'at', columnType: 'timestamp with time zone', granularity: 'daily', day: `at >= timestamptz '2015-06-01 00:00+00' AND at < timestamptz '2015-06-02 00:00+00'` },
  { asset: 'totals', partitions: 'time', column: 'at', columnType: 'date', granularity: 'daily', day: `at = date '2015-06-01'` },
];

async function main(): Promise<void> {
  const postgres = await startEmbeddedPostgres();
  const scratch = await createScratchDatabase(postgres.url, 'retrofill_bench');
  const { db } = scratch;
  const timed = async (sql: string, bindings: string[] = []): Promise<string> => {
    const started = Date.now();
    const { rows } = await db.raw<{ rows: Array<{ n: number }> }>(sql, bindings);
    return `${Date.now() - started} ms (${rows[0]!.n} rows)`;
  };
  try {
    await migrate(db);
    await db.raw(`CREATE TABLE events (id bigint, at timestamptz NOT NULL)`);
    await db.raw(`INSERT INTO events SELECT g, timestamptz '2010-01-01 00:00+00' + (g % ${DAYS}) * interval '1 day' + (g % 86400) * interval '1 second' FROM generate_series(1, ${ROWS}) g`);
    await db.raw(`CREATE TABLE totals (id bigint, at date NOT NULL)`);
    await db.raw(`INSERT INTO totals SELECT g, date '2010-01-01' + (g % ${DAYS}) FROM generate_series(1, ${ROWS}) g`);
    for (const t of ['events', 'totals']) await db.raw(`CREATE INDEX ON ${t} (at)`);
    await db.raw(`INSERT INTO retrofill_shadow_partitions SELECT 'bench', a, to_char(d, 'YYYY-MM-DD'), d, d + interval '1 day'
                  FROM generate_series(timestamptz '2010-01-01 00:00+00', timestamptz '2010-01-01 00:00+00' + ${DAYS - 1} * interval '1 day', interval '1 day') d,
                       (VALUES ('events'), ('totals')) AS x(a)`);
    for (const held of [DAYS, 1]) {
      if (held === 1) await db.raw(`DELETE FROM retrofill_shadow_partitions WHERE window_start <> timestamptz '2015-06-01 00:00+00'`);
      await db.raw('ANALYZE');
      for (const table of TABLES) {
        const view = `SELECT p.* FROM ${table.asset} AS p WHERE ${outsideShadowPartitions(await shadowKey(db, 'bench'), table, 'p')}`;
        const replaced = shadowPartitionRows('bench', table, 'p');
        console.log(`${held} partitions held, ${table.asset} (${table.columnType}):`);
        console.log(`  read view, one partition: ${await timed(`SELECT count(*)::int AS n FROM (${view}) AS v WHERE ${table.day}`)}`);
        console.log(`  read view, whole table:   ${await timed(`SELECT count(*)::int AS n FROM (${view}) AS v`)}`);
        console.log(`  rows publish replaces:    ${await timed(`SELECT count(*)::int AS n FROM ${table.asset} AS p, ${replaced.from} WHERE ${replaced.where}`, replaced.bindings)}`);
      }
    }
  } finally {
    await scratch.drop();
    await postgres.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
