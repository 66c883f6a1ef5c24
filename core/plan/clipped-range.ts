/**
 * A from/to range that starts before an asset's first partition is clipped to
 * it: the plan and the summary say so, rather than quietly covering less than
 * was asked.
 */
import type { AssetSpec } from '../asset-spec';
import type { BackfillRequest } from '../backfill-request';
import { parseTimeSpec } from '../partitions/time-spec';

/** An asset whose partitions begin after the requested range does. */
export interface ClippedStart {
  asset: string;
  /** The asset's first partition, where its part of the range begins. */
  firstPartition: string;
}

/** The targeted assets whose first partition comes after the start of the request's range, in the order given. */
export function clippedStarts(specs: ReadonlyMap<string, AssetSpec>, assets: Iterable<string>, request: BackfillRequest): ClippedStart[] {
  const range = request.range;
  if (!range) return [];
  return [...assets].flatMap((asset) => {
    const def = specs.get(asset)?.partitions;
    if (def?.kind !== 'time') return [];
    const first = parseTimeSpec(def.start)?.start;
    return first !== undefined && first > range.start ? [{ asset, firstPartition: def.start }] : [];
  });
}
