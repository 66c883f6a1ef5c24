/**
 * A running backfill that writes nothing more: its canary (one raw_events
 * partition) ran and it waits for approval, so calls made to it can be
 * checked to write nothing. Its task queue's worker must run the demo assets.
 */
import type { BackfillHandle, RetrofillClient } from '../../client';
import { waitFor } from './wait-for';

export async function startQuietBackfill(client: RetrofillClient): Promise<BackfillHandle> {
  const handle = await client.start({ assets: ['raw_events'], from: '2023-01-01', to: '2023-01-31', canary: 1, canaryApproval: true, maxConcurrency: 4 });
  await waitFor('the canary to await approval', () => handle.progress(), (p) => p.canary?.state === 'awaitingApproval' && p.running.length === 0, 120_000, 200);
  return handle;
}
