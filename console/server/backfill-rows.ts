/**
 * The backfills the console lists: running ones first, then the newest, each
 * running one with its progress. Dry runs (`plan-…`) are internal: left out.
 */
import type { BackfillListing, RetrofillClient } from '../../client';
import type { BackfillRow, BackfillsSnapshot } from '../shared/console-types';

/** How many backfills the list shows. */
export const LISTED_BACKFILLS = 50;

const isDryRun = (l: BackfillListing) => l.backfillId.startsWith('plan-');

export async function readBackfillRows(client: RetrofillClient): Promise<BackfillsSnapshot> {
  const listed = (await client.list({ limit: LISTED_BACKFILLS * 2 })).filter((l) => !isDryRun(l)).slice(0, LISTED_BACKFILLS);
  const rows = await Promise.all(
    listed.map(async (l): Promise<BackfillRow> => {
      const row: BackfillRow = {
        backfillId: l.backfillId,
        status: l.status,
        assets: l.assets,
        startTime: l.startTime.toISOString(),
        ...(l.closeTime && { closeTime: l.closeTime.toISOString() }),
      };
      if (l.status !== 'RUNNING') return row;
      // A backfill that ended between the list and the query: listed without progress until the next read.
      const progress = await client.progress(l.backfillId).catch(() => undefined);
      return progress ? { ...row, progress } : row;
    }),
  );
  const running = rows.filter((r) => r.status === 'RUNNING');
  return { backfills: [...running, ...rows.filter((r) => r.status !== 'RUNNING')] };
}
