/** Shorthands for partition definitions in the user's asset module. */
import type { PartitionsDef, StaticPartitionsDef, TimePartitionsDef } from '../core/partitions/partitions-def';

/** Bounds of time partitions: `start` inclusive, `end` exclusive (up to the last complete partition when omitted). */
export interface TimeBounds {
  start: string;
  end?: string;
}

const time = (granularity: TimePartitionsDef['granularity'], b: TimeBounds): TimePartitionsDef => ({
  kind: 'time',
  granularity,
  ...b,
});

/** Bounds of minute partitions, and how many minutes each covers. */
export interface MinuteBounds extends TimeBounds {
  /** Minutes a partition covers: 1, 2, 3, 4, 5, 6, 10, 12, 15, 20 or 30 (a divisor of 60). @default 1 */
  every?: number;
}

/** One partition per `every` UTC minutes, keys like `2024-03-01T05:05`; `start` and `end` on a step, e.g. `2024-03-01T05:00`. */
export const minutePartitions = ({ every, ...b }: MinuteBounds): TimePartitionsDef => ({ ...time('minutely', b), ...(every !== undefined && { every }) });
/** One partition per UTC hour, keys like `2024-03-01T05`. */
export const hourlyPartitions = (b: TimeBounds): TimePartitionsDef => time('hourly', b);
/** One partition per UTC day, keys like `2024-03-01`. */
export const dailyPartitions = (b: TimeBounds): TimePartitionsDef => time('daily', b);
/** One partition per UTC month, keys like `2024-03`. */
export const monthlyPartitions = (b: TimeBounds): TimePartitionsDef => time('monthly', b);
/** Named partitions, in the order `dependsOnPast` follows. */
export const staticPartitions = (keys: string[]): StaticPartitionsDef => ({ kind: 'static', keys: [...keys] });
/** A single partition (key `all`). */
export const unpartitioned = (): PartitionsDef => ({ kind: 'unpartitioned' });
