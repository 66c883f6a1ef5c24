/** An asset's partitioning in a few words: `daily from 2023-01-01`, `3 static keys`, `unpartitioned`. */
import type { PartitionsDef } from '../../../core/partitions/partitions-def';
import { cadenceName } from '../../../core/partitions/time-granularity';

export function partitioningLabel(def: PartitionsDef): string {
  if (def.kind === 'unpartitioned') return 'unpartitioned';
  if (def.kind === 'static') return `${def.keys.length} static keys`;
  return `${cadenceName(def)} from ${def.start}${def.end ? ` to ${def.end}` : ''}`;
}
