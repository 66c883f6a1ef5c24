/**
 * Workflow ids. A partition's are derived from what they act on, so Temporal
 * itself refuses a second concurrent materialization of the same partition,
 * even from another backfill; the task queue scopes them to one deployment of
 * asset definitions. The client's reads and checks get a prefix saying what
 * they are and a fresh uuid.
 */

/** Ids of the dry runs `plan` starts: `plan-<uuid>` (a `backfill` that sets no search attribute). */
export const DRY_RUN_PREFIX = 'plan-';

/** Ids of the client's reads and checks: what they are, then a fresh uuid. */
export const clientWorkflowIds = {
  dryRun: (uuid: string) => `${DRY_RUN_PREFIX}${uuid}`,
  check: (uuid: string) => `check-${uuid}`,
  assetStatus: (asset: string, uuid: string) => `status-${asset}-${uuid}`,
  assetOverview: (uuid: string) => `overview-${uuid}`,
  partitionDetail: (asset: string, uuid: string) => `partition-${asset}-${uuid}`,
  diff: (uuid: string) => `diff-${uuid}`,
  rollback: (uuid: string) => `rollback-${uuid}`,
  discard: (uuid: string) => `discard-${uuid}`,
} as const;

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

/**
 * The id of a batch of partitions of one asset materialized one after the
 * other (the adaptive policy): `<taskQueue>/<asset>/<first>..<last>/batch-<hash of the keys>`.
 * The same batch cannot run twice at once; any other overlap is kept apart by
 * the per-partition locks in the database.
 */
export function batchMaterializationWorkflowId(taskQueue: string, asset: string, partitionKeys: readonly string[]): string {
  const range = `${partitionKeys[0]}..${partitionKeys[partitionKeys.length - 1]}`;
  return `${materializationWorkflowId(taskQueue, asset, range)}/batch-${fnv1a(partitionKeys.join('\n'))}`;
}

/** 32-bit FNV-1a, as 8 hex digits: deterministic and dependency-free, so workflows can use it. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}
