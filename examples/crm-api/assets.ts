/**
 * An asset fed by an external, rate-limited API (see crm-api-server.ts):
 * each daily partition pages through that day's contacts. Pages are staged
 * with a checkpoint, so a retry after a crash or a 503 continues with the next
 * page; every request waits for the shared `crm-api` rate limit.
 * Reads CRM_API_URL (and CRM_API_RATE_LIMIT, requests per second, default 5).
 */
import type { Knex } from 'knex';
import { dailyPartitions, defineAsset, httpError } from '../../index';
import type { CrmContact } from './crm-api-server';

interface Page {
  contacts: CrmContact[];
  nextPage: number | null;
}

export const crmContacts = defineAsset({
  name: 'crm_contacts',
  partitions: dailyPartitions({ start: '2024-01-01' }),
  partitionColumn: 'day',
  rateLimit: { key: 'crm-api', perSecond: Number(process.env.CRM_API_RATE_LIMIT ?? 5) },
  retry: { initialInterval: '200 ms', maximumInterval: '5 seconds', maximumAttempts: 20 },
  setup: async (db: Knex) => {
    if (await db.schema.hasTable('crm_contacts')) return;
    await db.schema.createTable('crm_contacts', (t) => {
      t.date('day').notNullable();
      t.text('contact_id').primary();
      t.text('name').notNullable();
      t.integer('score').notNullable();
    });
  },
  materialize: async ({ partitionKey: day, checkpoint, stage, rateLimit, signal }) => {
    const base = process.env.CRM_API_URL;
    if (!base) throw new Error('CRM_API_URL is not set');
    // No checkpoint: from page 1. `nextPage: null`: every page is staged already (an attempt that
    // staged the last one, then died before publishing): fetch nothing, only publish.
    const resumed = checkpoint as { nextPage: number | null } | undefined;
    let page: number | null = resumed === undefined ? 1 : resumed.nextPage;
    while (page !== null) {
      await rateLimit();
      const response = await fetch(`${base}/contacts?day=${day}&page=${page}`, { signal });
      if (!response.ok) throw httpError(response, `GET /contacts?day=${day}&page=${page}`);
      const body = (await response.json()) as Page;
      const rows = body.contacts.map((c) => ({ day, contact_id: c.id, name: c.name, score: c.score }));
      await stage(rows, { nextPage: body.nextPage });
      page = body.nextPage;
    }
  },
});
