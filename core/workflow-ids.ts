/**
 * Workflow ids derived from what they act on, so Temporal itself refuses a
 * second concurrent materialization of the same partition, even from another
 * backfill. The task queue scopes ids to one deployment of asset definitions.
 */
export function materializationWorkflowId(taskQueue: string, asset: string, partitionKey: string): string {
  return `${taskQueue}/${asset}/${partitionKey}`;
}
