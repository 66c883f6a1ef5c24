/**
 * A shadow backfill whose id was chosen to break out of a SQL literal, on a
 * database with `standard_conforming_strings = off` (where a backslash
 * escapes the quote after it): the read views and trigger functions hold no
 * trace of the id, each view shows only its own shadow's partitions over
 * production, and publish and rollback replace and restore exactly those.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishShadow } from '../../db/shadow/publish-shadow';
import { rollbackShadow } from '../../db/shadow/rollback-shadow';
import { shadowSchemas, shadowTables } from '../../db/shadow/shadow-names';
import type { Checksums } from '../helpers/demo-state';
import { openShadowWorld, SEED, type ShadowWorld } from '../helpers/shadow-world';

/** `x\' OR TRUE) --`: quote-doubled, it read as `'x\'''` then ` OR TRUE) --` under standard_conforming_strings = off. */
const HOSTILE = "x\\' OR TRUE) --";
/** Another shadow, holding a partition the hostile one does not. */
const OTHER = 'other-shadow';

const EU = [
  { id: 101, sensor: 1, value: 11 },
  { id: 102, sensor: 3, value: 31 },
];
const DAY = [{ at: '2024-03-02T06:00:00Z', kind: 'c', n: 30 }];
const AP = [{ id: 201, sensor: 9, value: 99 }];

/** Production's readings as seeded: identity ids 1..6 in write order (eu, us, ap). */
const seeded = (region: 'eu' | 'us' | 'ap') =>
  SEED.readings[region].map((r, i) => ({ id: { eu: 1, us: 3, ap: 5 }[region] + i, region, ...r }));
/** Rows a shadow wrote, as stored: `note` left out, so production's default. */
const written = (region: string, rows: typeof EU) => rows.map((r) => ({ ...r, region, note: 'n/a' }));

let world: ShadowWorld;
let before: Checksums;

beforeAll(async () => {
  world = await openShadowWorld();
  const { rows } = await world.db.raw('SELECT current_database() AS name');
  await world.db.raw('ALTER DATABASE ?? SET standard_conforming_strings = off', [rows[0].name]);
  // Sessions take the database's settings when they start: reopen the pool.
  await world.db.destroy();
  world.db.initialize();
  before = await world.checksums();
  await world.prepare(OTHER);
  await world.write(world.readings, 'ap', AP, { shadowOf: OTHER });
  await world.prepare(HOSTILE);
  await world.write(world.readings, 'eu', EU, { shadowOf: HOSTILE });
  await world.write(world.events, '2024-03-02', DAY, { shadowOf: HOSTILE });
});
afterAll(async () => world?.database.drop());

describe('a shadow backfill with the id x\\\' OR TRUE) --, under standard_conforming_strings = off', () => {
  it('runs where a backslash escapes a quote', async () => {
    const { rows } = await world.db.raw('SHOW standard_conforming_strings');
    expect(rows[0].standard_conforming_strings).toBe('off');
  });

  it('creates read views and trigger functions that hold no trace of the id', async () => {
    for (const asset of world.catalog.assets) {
      const read = shadowTables(HOSTILE, asset).read;
      const { rows: views } = await world.db.raw('SELECT pg_get_viewdef(to_regclass(?)) AS sql', [read]);
      const { rows: functions } = await world.db.raw('SELECT pg_get_functiondef(to_regproc(?)) AS sql', [`${shadowSchemas(HOSTILE).read}.${asset.name}`]);
      for (const sql of [views[0].sql, functions[0].sql] as string[]) {
        expect(sql).toBeTruthy();
        expect(sql).not.toMatch(/OR\s+true/i);
        expect(sql).not.toContain('x\\');
        expect(sql).not.toContain("x'");
      }
    }
  });

  it("shows through its read views its own partitions over production's, and nothing of another shadow", async () => {
    expect(await world.rows(shadowTables(HOSTILE, world.readings).read)).toEqual([...seeded('ap'), ...written('eu', EU), ...seeded('us')]);
    expect(await world.rows(shadowTables(HOSTILE, world.events).read)).toEqual([...SEED.events['2024-03-01'], ...DAY, ...SEED.events['2024-03-03']]);
    expect(await world.rows(shadowTables(HOSTILE, world.summary).read)).toEqual(await world.rows('summary'));
    expect(await world.rows(shadowTables(OTHER, world.readings).read)).toEqual([...written('ap', AP), ...seeded('eu'), ...seeded('us')]);
  });

  it('publishes exactly its partitions, and rolls them back', async () => {
    expect(await world.checksums()).toEqual(before);
    await publishShadow({ knex: world.db }, world.catalog, HOSTILE);
    expect(await world.rows('readings')).toEqual([...seeded('ap'), ...written('eu', EU), ...seeded('us')]);
    expect(await world.rows('events')).toEqual([...SEED.events['2024-03-01'], ...DAY, ...SEED.events['2024-03-03']]);
    await rollbackShadow({ knex: world.db }, world.catalog, HOSTILE);
    expect(await world.checksums()).toEqual(before);
  });
});
