/**
 * Which worker process is running a partition right now: the ledger lists the
 * attempts in progress, and Temporal names the worker of each pending
 * activity (`<pid>@<host>`, the SDK's default identity). Lets a chaos test
 * time a kill so that it lands mid-partition on the victim.
 */
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { Knex } from 'knex';

/** Pids of the workers running an attempt of the backfill now. */
export async function busyWorkerPids(db: Knex, client: Client, backfillId: string): Promise<Set<number>> {
  const running: Array<{ workflow_id: string }> = await db('retrofill_ledger').select('workflow_id').where({ backfill_id: backfillId, status: 'running' });
  const pids = new Set<number>();
  await Promise.all(
    running.map(async ({ workflow_id }) => {
      const description = await client.workflow.getHandle(workflow_id).describe().catch(() => undefined);
      for (const activity of description?.raw.pendingActivities ?? []) {
        // Only an attempt running now: a scheduled retry still names the previous attempt's worker.
        if (activity.state !== temporal.api.enums.v1.PendingActivityState.PENDING_ACTIVITY_STATE_STARTED) continue;
        const pid = Number(activity.lastWorkerIdentity?.split('@')[0]);
        if (Number.isInteger(pid)) pids.add(pid);
      }
    }),
  );
  return pids;
}

/** Waits (at most `timeoutMs`) until the process `pid` runs an attempt; true when it does. */
export async function waitUntilBusy(db: Knex, client: Client, backfillId: string, pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await busyWorkerPids(db, client, backfillId)).has(pid)) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return false;
}
