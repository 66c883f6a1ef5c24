/** What the `crm_contacts` table must hold after a backfill of whole days, and no staging left behind. */
import type { Knex } from 'knex';
import { expect } from 'vitest';
import { contactsOf } from '../../examples/crm-api/crm-api-server';

export async function expectContactsPublished(db: Knex, days: string[], pages: number, pageSize: number): Promise<void> {
  const rows = await db('crm_contacts').select('contact_id', 'name', 'score').orderBy('contact_id');
  const expected = days
    .flatMap((d) => Array.from({ length: pages }, (_, i) => contactsOf(d, i + 1, pageSize)).flat())
    .map((c) => ({ contact_id: c.id, name: c.name, score: c.score }))
    .sort((a, b) => (a.contact_id < b.contact_id ? -1 : 1));
  expect(rows).toEqual(expected);
  const leftovers = await db.raw(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'retrofill_staging'`);
  expect(leftovers.rows[0].n).toBe(0);
  expect(await db('retrofill_checkpoints').count({ n: '*' })).toEqual([{ n: '0' }]);
}
