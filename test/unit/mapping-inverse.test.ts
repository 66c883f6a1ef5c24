import { describe, it, expect } from 'vitest';
import type { PartitionMappingSpec } from '../../core/mappings/mapping-spec';
import { downstreamPartitions, upstreamPartitions, type PartitionSet } from '../../core/mappings/partition-mapping';
import { partitionKeyProblem, partitionKeys, type PartitionsDef } from '../../core/partitions/partitions-def';

// Mid-March, mid-day: the current hour, day and month are not complete yet.
const NOW = Date.UTC(2024, 2, 15, 12, 30);
const time = (granularity: 'hourly' | 'daily' | 'monthly', start: string, end?: string): PartitionsDef => ({
  kind: 'time',
  granularity,
  start,
  ...(end && { end }),
});
// Bounds that differ on each side, so shifted windows fall off both ends.
const hourly = time('hourly', '2024-01-10T06', '2024-03-20');
const daily = time('daily', '2024-01-05');
const laterDaily = time('daily', '2024-01-20', '2024-03-01');
const monthly = time('monthly', '2023-12');
const regions: PartitionsDef = { kind: 'static', keys: ['us', 'eu', 'apac'] };

const keysOf = (set: PartitionSet, def: PartitionsDef): string[] => (set.all ? partitionKeys(def, NOW) : set.keys);

/** Every (downstream key, upstream key) pair the mapping links, seen from one side. */
function links(downstream: PartitionsDef, upstream: PartitionsDef, mapping: PartitionMappingSpec, from: 'downstream' | 'upstream'): string[] {
  const pairs: string[] = [];
  if (from === 'downstream') {
    for (const d of partitionKeys(downstream, NOW)) {
      for (const u of keysOf(upstreamPartitions(downstream, d, upstream, NOW, mapping), upstream)) pairs.push(`${d} <- ${u}`);
    }
  } else {
    for (const u of partitionKeys(upstream, NOW)) {
      for (const d of keysOf(downstreamPartitions(upstream, u, downstream, NOW, mapping), downstream)) pairs.push(`${d} <- ${u}`);
    }
  }
  return pairs.sort();
}

const cases: Array<[string, PartitionsDef, PartitionsDef, PartitionMappingSpec]> = [
  ['daily <- daily, previous day', daily, laterDaily, { kind: 'timeWindow', offset: -1 }],
  ['daily <- daily, a week ahead', laterDaily, daily, { kind: 'timeWindow', offset: 7 }],
  ['daily <- daily, no offset', daily, laterDaily, { kind: 'timeWindow' }],
  ['monthly <- daily, previous month', monthly, daily, { kind: 'timeWindow', offset: -1 }],
  ['monthly <- daily, next month', monthly, laterDaily, { kind: 'timeWindow', offset: 1 }],
  ['daily <- hourly, previous day', daily, hourly, { kind: 'timeWindow', offset: -1 }],
  ['hourly <- daily, three hours ahead', hourly, daily, { kind: 'timeWindow', offset: 3 }],
  ['daily <- monthly, previous day', daily, monthly, { kind: 'timeWindow', offset: -1 }],
  ['monthly <- hourly, previous month', monthly, hourly, { kind: 'timeWindow', offset: -1 }],
  ['daily <- daily, identity', daily, daily, { kind: 'identity' }],
  ['static <- static, identity', regions, regions, { kind: 'identity' }],
  ['daily <- monthly, all', daily, monthly, { kind: 'all' }],
];

describe('upstreamPartitions and downstreamPartitions are exact inverses', () => {
  it.each(cases)('%s', (_, downstream, upstream, mapping) => {
    const fromDownstream = links(downstream, upstream, mapping, 'downstream');
    expect(fromDownstream.length).toBeGreaterThan(0);
    expect(links(downstream, upstream, mapping, 'upstream')).toEqual(fromDownstream);
  });

  it.each(cases)('%s: only partitions that exist at now', (_, downstream, upstream, mapping) => {
    for (const pair of links(downstream, upstream, mapping, 'upstream')) {
      const [d, u] = pair.split(' <- ') as [string, string];
      expect(partitionKeyProblem(downstream, d, NOW), pair).toBeUndefined();
      expect(partitionKeyProblem(upstream, u, NOW), pair).toBeUndefined();
    }
  });
});

describe('mappings declared explicitly', () => {
  it('all: a daily partition reads every monthly partition, and each month is read by every day', () => {
    expect(upstreamPartitions(daily, '2024-02-10', monthly, NOW, { kind: 'all' })).toEqual({ all: true });
    expect(downstreamPartitions(monthly, '2024-01', daily, NOW, { kind: 'all' })).toEqual({ all: true });
  });

  it('all between static lists overrides the implied identity', () => {
    expect(upstreamPartitions(regions, 'eu', regions, NOW)).toEqual({ all: false, keys: ['eu'] });
    expect(upstreamPartitions(regions, 'eu', regions, NOW, { kind: 'all' })).toEqual({ all: true });
  });

  it('identity between equal time partitionings maps a key to itself', () => {
    expect(upstreamPartitions(daily, '2024-02-10', daily, NOW, { kind: 'identity' })).toEqual({ all: false, keys: ['2024-02-10'] });
    expect(downstreamPartitions(daily, '2024-02-10', daily, NOW, { kind: 'identity' })).toEqual({ all: false, keys: ['2024-02-10'] });
  });

  it('an offset of zero reads what the implied time window reads', () => {
    for (const d of partitionKeys(monthly, NOW)) {
      expect(upstreamPartitions(monthly, d, hourly, NOW, { kind: 'timeWindow', offset: 0 })).toEqual(upstreamPartitions(monthly, d, hourly, NOW));
    }
  });
});
