/** What pending activities last reported in their heartbeats, as Temporal holds it (and its UI shows it). */
import type { Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';

/** The decoded heartbeat details of the pending activities of the given workflows (those that have any). */
export async function pendingHeartbeatDetails(client: Client, workflowIds: readonly string[]): Promise<unknown[]> {
  const details: unknown[] = [];
  await Promise.all(
    workflowIds.map(async (id) => {
      const description = await client.workflow.getHandle(id).describe().catch(() => undefined);
      for (const activity of description?.raw.pendingActivities ?? []) {
        const [payload] = activity.heartbeatDetails?.payloads ?? [];
        if (payload) details.push(defaultPayloadConverter.fromPayload(payload));
      }
    }),
  );
  return details;
}
