/**
 * Workflow ids derived from what they act on, so Temporal itself refuses a
 * second concurrent materialization of the same partition, even from another
 * backfill. The task queue scopes ids to one deployment of asset definitions.
 */
export function materializationWorkflowId(taskQueue: string, asset: string, partitionKey: string): string {
  return `${taskQueue}/${asset}/${partitionKey}`;
}

/**
 * The id of a run materializing consecutive partitions together (a
 * `singleRun` asset): `<taskQueue>/<asset>/<first>..<last>`. It only keeps the
 * same range from running twice at once; overlapping ranges of other
 * backfills are kept apart by per-partition locks in the database.
 */
export function rangeMaterializationWorkflowId(taskQueue: string, asset: string, partitionKeys: readonly string[]): string {
  return materializationWorkflowId(taskQueue, asset, `${partitionKeys[0]}..${partitionKeys[partitionKeys.length - 1]}`);
}
