/** Which partitions one `materializePartition` activity writes, checked before anything runs. */
import { ApplicationFailure } from '@temporalio/activity';
import type { Asset } from '../assets/define-asset';
import { partitionWindow, previousPartitionKey } from '../core/partitions/partitions-def';
import { plannedLabel } from '../core/plan/planned-keys';

/**
 * The keys of the unit (what one attempt writes together), oldest first:
 * `[partitionKey]`, or `partitionKeys` for a range of a `singleRun` asset.
 * @throws a non-retryable ApplicationFailure (type `InvalidPartitionRange`)
 * when the range does not start at `partitionKey`, has a gap, or the asset is
 * no longer `singleRun` (its `materialize` may expect one partition).
 */
export function unitKeys(asset: Asset, input: { partitionKey: string; partitionKeys?: string[] }): string[] {
  const keys = input.partitionKeys ?? [input.partitionKey];
  if (keys.length <= 1 && keys[0] === input.partitionKey) return [input.partitionKey];
  const label = `${asset.name}/${plannedLabel({ key: input.partitionKey, keys })}`;
  const refuse = (why: string) => ApplicationFailure.nonRetryable(`cannot materialize ${label} in one run: ${why}`, 'InvalidPartitionRange');
  if (keys[0] !== input.partitionKey) throw refuse(`the range does not start at partitionKey ${input.partitionKey}`);
  if (asset.backfillPolicy.kind !== 'singleRun') throw refuse(`asset "${asset.name}" is not declared with backfillPolicy singleRun`);
  for (let i = 1; i < keys.length; i++) {
    if (previousPartitionKey(asset.partitions, keys[i]!) !== keys[i - 1]) throw refuse(`${keys[i]} does not follow ${keys[i - 1]}`);
  }
  return keys;
}

/** The window from the start of the first partition to the end of the last; null when not time-partitioned. */
export function unitWindow(asset: Asset, keys: readonly string[]): { start: Date; end: Date } | null {
  const first = partitionWindow(asset.partitions, keys[0]!);
  const last = partitionWindow(asset.partitions, keys[keys.length - 1]!);
  return first && last && { start: new Date(first.start), end: new Date(last.end) };
}
