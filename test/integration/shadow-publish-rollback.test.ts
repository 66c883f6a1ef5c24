/**
 * Publish and rollback of a shadow backfill at the database level, on real
 * PostgreSQL without Temporal: partitions of a static, a daily and an
 * unpartitioned asset written into a shadow through the partition's own
 * transaction, then published, rolled back, refused on conflicting writes,
 * expired, and read across a publish by a snapshot that started before it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishShadow, expireReplacedRows } from '../../db/shadow/publish-shadow';
import { rollbackShadow } from '../../db/shadow/rollback-shadow';
import { PublishConflictError, RollbackConflictError, ShadowNotFoundError, ShadowStateError } from '../../db/shadow/shadow-errors';
import { shadowSchemas, shadowTables } from '../../db/shadow/shadow-names';
import { omit } from '../../core/omit';
import type { Publication, Rollback } from '../../core/shadow/publication';
import { LEDGER_TABLE, SHADOWS_TABLE } from '../../db/rows';
import type { Checksums } from '../helpers/demo-state';
import { openShadowWorld, SEED, type Event, type Reading, type ShadowWorld } from '../helpers/shadow-world';

/** What the shadow backfills write. Ids are given: the case of a left-out id has its own test. */
const SHADOW = {
  eu: [
    { id: 101, sensor: 1, value: 11 },
    { id: 102, sensor: 2, value: 21 },
    { id: 103, sensor: 3, value: 31 },
  ],
  us: [
    { id: 104, sensor: 1, value: 41 },
    { id: 105, sensor: 3, value: 51 },
  ],
  day: [
    { at: '2024-03-02T00:00:00Z', kind: 'a', n: 30 },
    { at: '2024-03-02T06:00:00Z', kind: 'c', n: 31 },
    { at: '2024-03-02T23:59:59Z', kind: 'b', n: 32 },
  ],
} satisfies Record<string, Reading[] | Event[]>;

/** Production's readings as seeded: identity ids 1..6 in write order (eu, us, ap). */
const seeded = (region: 'eu' | 'us' | 'ap') =>
  SEED.readings[region].map((r, i) => ({ id: { eu: 1, us: 3, ap: 5 }[region] + i, region, ...r }));
/** Rows the shadow wrote, as stored: `note` left out, so production's default. */
const shadowed = (region: 'eu' | 'us', rows: Reading[]) => rows.map((r) => ({ id: r.id, region, sensor: r.sensor, value: r.value, note: 'n/a' }));
const withoutId = <T extends { id?: number }>(rows: T[]): Array<Omit<T, 'id'>> => rows.map((r) => omit(r, 'id'));
const DAY_MS = 86_400_000;

/** The error a promise rejects with (fails when it resolves). */
async function rejection(promise: Promise<unknown>): Promise<Error> {
  const outcome = await promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!('error' in outcome)) throw new Error(`expected a rejection, got ${JSON.stringify(outcome.value)}`);
  return outcome.error as Error;
}

/** Writes the shadow of `backfillId`: readings eu and us, events 2024-03-02, then summary (which reads readings). */
async function writeShadow(world: ShadowWorld, backfillId: string): Promise<void> {
  await world.prepare(backfillId);
  await world.write(world.readings, 'eu', SHADOW.eu, { shadowOf: backfillId });
  await world.write(world.readings, 'us', SHADOW.us, { shadowOf: backfillId });
  await world.write(world.events, '2024-03-02', SHADOW.day, { shadowOf: backfillId });
  await world.write(world.summary, 'all', [], { shadowOf: backfillId });
}

describe('a shadow backfill written, published and rolled back', () => {
  const FIX = 'fix-readings';
  let world: ShadowWorld;
  let before: Checksums;
  let productionLedger: string[];

  beforeAll(async () => {
    world = await openShadowWorld();
    before = await world.checksums();
    productionLedger = await world.ledger(null);
    await writeShadow(world, FIX);
  });
  afterAll(async () => world?.database.drop());

  describe('before publish', () => {
    it('leaves production as it was', async () => {
      expect(await world.checksums()).toEqual(before);
      expect(await world.rows('readings')).toEqual([...seeded('ap'), ...seeded('eu'), ...seeded('us')]);
    });

    it("shows a shadow partition's transaction the shadow's rows of shadowed partitions and production's of the others", () => {
      // eu was written first: us was still production's.
      expect(world.seenReadings.get('eu')).toEqual([...withoutId(seeded('ap')), ...withoutId(shadowed('eu', SHADOW.eu)), ...withoutId(seeded('us'))]);
      expect(world.seenReadings.get('us')).toEqual([
        ...withoutId(seeded('ap')),
        ...withoutId(shadowed('eu', SHADOW.eu)),
        ...withoutId(shadowed('us', SHADOW.us)),
      ]);
    });

    it('computes an unpartitioned asset from the shadow view of its upstream', async () => {
      // 3 + 2 shadow readings and production's 2 of ap: 11+21+31 + 41+51 + 50+60.
      expect(await world.rows(shadowTables(FIX, world.summary).data)).toEqual([{ total_rows: 7, total_value: 265 }]);
    });

    it("stores the shadow's rows in its data table, with production's default for a left-out column", async () => {
      expect(await world.rows(shadowTables(FIX, world.readings).data)).toEqual([...shadowed('eu', SHADOW.eu), ...shadowed('us', SHADOW.us)]);
      expect(await world.rows(shadowTables(FIX, world.events).data)).toEqual(SHADOW.day.slice().sort((a, b) => a.at.localeCompare(b.at)));
    });

    it('shows through the read view the shadow overlaid on production', async () => {
      expect(await world.rows(shadowTables(FIX, world.readings).read)).toEqual([...seeded('ap'), ...shadowed('eu', SHADOW.eu), ...shadowed('us', SHADOW.us)]);
      expect(await world.rows(shadowTables(FIX, world.events).read)).toEqual([...SEED.events['2024-03-01'], ...SHADOW.day, ...SEED.events['2024-03-03']]);
    });

    it('records the shadow writes in the ledger as shadow_of the backfill', async () => {
      expect(await world.ledger(FIX)).toEqual([
        `readings/eu succeeded ${FIX}`,
        `readings/us succeeded ${FIX}`,
        `events/2024-03-02 succeeded ${FIX}`,
        `summary/all succeeded ${FIX}`,
      ]);
      expect(productionLedger).toEqual([
        'readings/eu succeeded null',
        'readings/us succeeded null',
        'readings/ap succeeded null',
        'events/2024-03-01 succeeded null',
        'events/2024-03-02 succeeded null',
        'events/2024-03-03 succeeded null',
        'summary/all succeeded null',
      ]);
      expect(await world.ledger(null)).toEqual(productionLedger);
      expect((await world.shadow(FIX)).state).toBe('building');
    });

    it('refuses a rollback, saying the backfill was not published', async () => {
      const error = await rejection(rollbackShadow({ knex: world.db }, world.catalog, FIX));
      expect(error).toBeInstanceOf(ShadowStateError);
      expect(error.message).toBe(`backfill ${FIX} was not published: production holds none of its rows, there is nothing to roll back`);
      expect(await world.checksums()).toEqual(before);
    });

    it('refuses to publish or roll back a backfill without a shadow', async () => {
      for (const attempt of [publishShadow, rollbackShadow]) {
        const error = await rejection(attempt({ knex: world.db }, world.catalog, 'no-such-backfill'));
        expect(error).toBeInstanceOf(ShadowNotFoundError);
        expect(error.message).toBe("backfill no-such-backfill has no shadow: only a backfill started with isolation 'shadow' has one");
      }
    });
  });

  describe('publish', () => {
    let publication: Publication;
    let published: Checksums;

    beforeAll(async () => {
      publication = await publishShadow({ knex: world.db }, world.catalog, FIX);
      published = await world.checksums();
    });

    it('reports per asset the partitions, the rows replaced and the rows published', async () => {
      const shadow = await world.shadow(FIX);
      expect(publication).toEqual({
        backfillId: FIX,
        publishedAt: shadow.published_at!.toISOString(),
        keepReplacedUntil: shadow.keep_replaced_until!.toISOString(),
        ms: expect.any(Number),
        assets: [
          { asset: 'readings', partitions: 2, rowsReplaced: 4, rowsPublished: 5 },
          { asset: 'events', partitions: 1, rowsReplaced: 2, rowsPublished: 3 },
          { asset: 'summary', partitions: 1, rowsReplaced: 1, rowsPublished: 1 },
        ],
      });
      expect(shadow.state).toBe('published');
      expect(shadow.publication).toEqual(publication);
      expect(publication.ms).toBeGreaterThanOrEqual(0);
      // 7 days of keeping, give or take a daylight saving change in the server's time zone.
      const kept = Date.parse(publication.keepReplacedUntil) - Date.parse(publication.publishedAt);
      expect(Math.abs(kept - 7 * DAY_MS)).toBeLessThanOrEqual(3_600_000);
    });

    it("replaces exactly the shadow's partitions in production", async () => {
      expect(await world.rows('readings')).toEqual([...seeded('ap'), ...shadowed('eu', SHADOW.eu), ...shadowed('us', SHADOW.us)]);
      expect(await world.rows('events')).toEqual([...SEED.events['2024-03-01'], ...SHADOW.day, ...SEED.events['2024-03-03']]);
      expect(await world.rows('summary')).toEqual([{ total_rows: 7, total_value: 265 }]);
    });

    it("makes the shadow's ledger rows production's", async () => {
      expect(await world.ledger(FIX)).toEqual([
        'readings/eu succeeded null',
        'readings/us succeeded null',
        'events/2024-03-02 succeeded null',
        'summary/all succeeded null',
      ]);
      expect(await world.db(LEDGER_TABLE).whereNotNull('shadow_of').count({ n: '*' })).toEqual([{ n: '0' }]);
      expect(await world.ledger(null)).toEqual(productionLedger);
    });

    it("drops the shadow's data and read schemas and keeps the replaced rows", async () => {
      const schemas = shadowSchemas(FIX);
      expect(await world.schemas([schemas.data, schemas.read, schemas.replaced])).toEqual([schemas.replaced]);
      expect(await world.rows(shadowTables(FIX, world.readings).replaced)).toEqual([...seeded('eu'), ...seeded('us')]);
      expect(await world.rows(shadowTables(FIX, world.events).replaced)).toEqual(SEED.events['2024-03-02']);
      expect(await world.rows(shadowTables(FIX, world.summary).replaced)).toEqual([{ total_rows: 6, total_value: 210 }]);
    });

    it('returns the same publication when repeated, and changes nothing', async () => {
      const replaced = await world.checksums(world.db, (a) => shadowTables(FIX, a).replaced);
      const ledger = await world.db(LEDGER_TABLE).orderBy('id');
      expect(await publishShadow({ knex: world.db }, world.catalog, FIX)).toEqual(publication);
      expect(await world.checksums()).toEqual(published);
      expect(await world.checksums(world.db, (a) => shadowTables(FIX, a).replaced)).toEqual(replaced);
      expect(await world.db(LEDGER_TABLE).orderBy('id')).toEqual(ledger);
    });
  });

  describe('rollback', () => {
    let rollback: Rollback;
    let publication: Publication;

    beforeAll(async () => {
      publication = (await world.shadow(FIX)).publication as Publication;
      rollback = await rollbackShadow({ knex: world.db }, world.catalog, FIX);
    });

    it('restores exactly the previous contents of every table', async () => {
      expect(await world.checksums()).toEqual(before);
      expect(await world.rows('readings')).toEqual([...seeded('ap'), ...seeded('eu'), ...seeded('us')]);
    });

    it("marks the backfill's ledger rows rolled back, and no others", async () => {
      expect(await world.ledger(FIX)).toEqual([
        'readings/eu rolled_back null',
        'readings/us rolled_back null',
        'events/2024-03-02 rolled_back null',
        'summary/all rolled_back null',
      ]);
      expect(await world.ledger(null)).toEqual(productionLedger);
    });

    it('reports what it undid and drops the replaced rows', async () => {
      const shadow = await world.shadow(FIX);
      expect(shadow.state).toBe('rolled_back');
      expect(rollback).toEqual({ backfillId: FIX, rolledBackAt: shadow.rolled_back_at!.toISOString(), assets: publication.assets });
      const schemas = shadowSchemas(FIX);
      expect(await world.schemas([schemas.data, schemas.read, schemas.replaced])).toEqual([]);
    });

    it('returns the same rollback when repeated, and changes nothing', async () => {
      const ledger = await world.db(LEDGER_TABLE).orderBy('id');
      expect(await rollbackShadow({ knex: world.db }, world.catalog, FIX)).toEqual(rollback);
      expect(await world.checksums()).toEqual(before);
      expect(await world.db(LEDGER_TABLE).orderBy('id')).toEqual(ledger);
    });

    it('refuses to publish again', async () => {
      const error = await rejection(publishShadow({ knex: world.db }, world.catalog, FIX));
      expect(error).toBeInstanceOf(ShadowStateError);
      expect(error.message).toBe(`backfill ${FIX} cannot be published: its shadow was rolled back`);
      expect(await world.checksums()).toEqual(before);
    });
  });
});

describe('writes that conflict with a shadow', () => {
  let world: ShadowWorld;

  beforeAll(async () => {
    world = await openShadowWorld();
  });
  afterAll(async () => world?.database.drop());

  it('a production write of a shadowed partition after the shadow wrote it makes publish refuse, naming it', async () => {
    const backfillId = 'overtaken-by-production';
    await world.prepare(backfillId);
    await world.write(world.readings, 'eu', SHADOW.eu, { shadowOf: backfillId });
    await world.write(world.events, '2024-03-02', SHADOW.day, { shadowOf: backfillId });
    await world.write(world.readings, 'eu', [{ sensor: 9, value: 99, note: 'hotfix' }]);
    const production = await world.checksums();

    const error = await rejection(publishShadow({ knex: world.db }, world.catalog, backfillId));
    expect(error).toBeInstanceOf(PublishConflictError);
    expect(error.message).toBe(
      `backfill ${backfillId} cannot be published: production partitions were written again after the shadow computed them, ` +
        'and publishing would undo that: readings/eu',
    );
    expect(await world.checksums()).toEqual(production);
    expect((await world.rows('readings')).filter((r) => r.region === 'eu')).toEqual([{ id: 7, region: 'eu', sensor: 9, value: 99, note: 'hotfix' }]);
    const shadow = await world.shadow(backfillId);
    expect(shadow.state).toBe('building');
    expect(shadow.publication).toBeNull();
    const schemas = shadowSchemas(backfillId);
    expect(await world.schemas([schemas.data, schemas.read, schemas.replaced])).toEqual([schemas.read, schemas.data].sort());
    expect(await world.ledger(backfillId)).toEqual([`readings/eu succeeded ${backfillId}`, `events/2024-03-02 succeeded ${backfillId}`]);
  });

  it('a production write of a published partition makes rollback refuse, naming it', async () => {
    const backfillId = 'overwritten-after-publish';
    await world.prepare(backfillId);
    await world.write(world.readings, 'us', SHADOW.us, { shadowOf: backfillId });
    await publishShadow({ knex: world.db }, world.catalog, backfillId);
    await world.write(world.readings, 'us', [{ sensor: 7, value: 70, note: 'later' }]);
    const production = await world.checksums();

    const error = await rejection(rollbackShadow({ knex: world.db }, world.catalog, backfillId));
    expect(error).toBeInstanceOf(RollbackConflictError);
    expect(error.message).toBe(
      `backfill ${backfillId} cannot be rolled back: partitions it published were written again since, and restoring would lose that: readings/us`,
    );
    expect(await world.checksums()).toEqual(production);
    expect((await world.shadow(backfillId)).state).toBe('published');
    expect(await world.ledger(backfillId)).toEqual(['readings/us succeeded null']);
  });

  it('a shadow computed before another one published the same partition cannot publish over it', async () => {
    await world.prepare('early');
    await world.prepare('late');
    await world.write(world.readings, 'ap', [{ id: 301, sensor: 1, value: 1 }], { shadowOf: 'late' });
    await world.write(world.readings, 'ap', [{ id: 302, sensor: 1, value: 2 }], { shadowOf: 'early' });
    await publishShadow({ knex: world.db }, world.catalog, 'early');
    const production = await world.checksums();
    // 'late' computed ap before 'early' published it: publishing would undo 'early' without having seen it.
    const error = await rejection(publishShadow({ knex: world.db }, world.catalog, 'late'));
    expect(error).toBeInstanceOf(PublishConflictError);
    expect(error.message).toContain('readings/ap');
    expect(await world.checksums()).toEqual(production);
  });

  it('another shadow published over a published partition makes rollback refuse, naming it', async () => {
    // Both compute readings/ap; the second after the first published, so it may publish over it.
    await world.prepare('first');
    await world.prepare('second');
    await world.write(world.readings, 'ap', [{ id: 201, sensor: 1, value: 1 }], { shadowOf: 'first' });
    await publishShadow({ knex: world.db }, world.catalog, 'first');
    await world.write(world.readings, 'ap', [{ id: 202, sensor: 1, value: 2 }], { shadowOf: 'second' });
    await publishShadow({ knex: world.db }, world.catalog, 'second');
    const production = await world.checksums();
    expect((await world.rows('readings')).filter((r) => r.region === 'ap')).toEqual([{ id: 202, region: 'ap', sensor: 1, value: 2, note: 'n/a' }]);

    // Restoring what 'first' replaced would silently drop what 'second' published.
    const error = await rejection(rollbackShadow({ knex: world.db }, world.catalog, 'first'));
    expect(error).toBeInstanceOf(RollbackConflictError);
    expect(error.message).toBe(
      'backfill first cannot be rolled back: partitions it published were written again since, and restoring would lose that: readings/ap',
    );
    expect(await world.checksums()).toEqual(production);
  });
});

describe('replaced rows past their keeping time', () => {
  const backfillId = 'kept-a-while';
  let world: ShadowWorld;
  let published: Checksums;
  let keptUntil: Date;
  let expired: string[];

  beforeAll(async () => {
    world = await openShadowWorld();
    await writeShadow(world, backfillId);
    await publishShadow({ knex: world.db }, world.catalog, backfillId);
    published = await world.checksums();
    [{ keep_replaced_until: keptUntil }] = await world
      .db(SHADOWS_TABLE)
      .where({ backfill_id: backfillId })
      .update({ keep_replaced_until: world.db.raw(`now() - interval '1 hour'`) })
      .returning('keep_replaced_until');
    expired = await expireReplacedRows({ knex: world.db });
  });
  afterAll(async () => world?.database.drop());

  it('are dropped, and the shadow is expired', async () => {
    expect(expired).toEqual([backfillId]);
    expect((await world.shadow(backfillId)).state).toBe('expired');
    expect(await world.schemas([shadowSchemas(backfillId).replaced])).toEqual([]);
    expect(await world.checksums()).toEqual(published);
    expect(await expireReplacedRows({ knex: world.db })).toEqual([]);
  });

  it('can no longer be restored, and rollback says until when they were kept', async () => {
    const error = await rejection(rollbackShadow({ knex: world.db }, world.catalog, backfillId));
    expect(error).toBeInstanceOf(ShadowStateError);
    expect(error.message).toBe(`backfill ${backfillId} can no longer be rolled back: the rows it replaced were kept until ${keptUntil.toISOString()}`);
    expect(await world.checksums()).toEqual(published);
  });
});

describe('readers across a publish', () => {
  it('a snapshot taken before publish sees the old rows of every table, a new one all the new rows', async () => {
    const world = await openShadowWorld();
    try {
      const backfillId = 'read-across';
      await writeShadow(world, backfillId);
      const before = await world.checksums();
      // The read views show what production will hold once published.
      const overlay = await world.checksums(world.db, (a) => shadowTables(backfillId, a).read);
      for (const table of Object.keys(before)) expect(overlay[table], table).not.toEqual(before[table]);

      const reader = await world.db.transaction();
      try {
        await reader.raw('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
        expect(await world.checksums(reader)).toEqual(before);
        await publishShadow({ knex: world.db }, world.catalog, backfillId);
        expect(await world.checksums(reader)).toEqual(before);
      } finally {
        await reader.rollback();
      }
      expect(await world.checksums()).toEqual(overlay);
    } finally {
      await world.database.drop();
    }
  });
});

describe('an insert through the read view that leaves out the identity column', () => {
  it("takes an id that does not clash with production's, and publishes", async () => {
    const world = await openShadowWorld();
    try {
      const backfillId = 'no-ids';
      await world.prepare(backfillId);
      // Production's rows have ids 1..6; its next identity value is 7.
      expect(await world.write(world.readings, 'eu', [{ sensor: 1, value: 12 }, { sensor: 2, value: 22 }, { sensor: 3, value: 32 }], { shadowOf: backfillId })).toBe(3);
      await publishShadow({ knex: world.db }, world.catalog, backfillId);
      const { rows } = await world.db.raw('SELECT count(*)::int AS n, count(DISTINCT id)::int AS ids, count(id)::int AS not_null FROM readings');
      expect(rows).toEqual([{ n: 7, ids: 7, not_null: 7 }]);
    } finally {
      await world.database.drop();
    }
  });
});
