import { describe, it, expect } from 'vitest';
import type { AssetSpec } from '../../core/asset-spec';
import { parseBackfillRequest, type BackfillRequestInput } from '../../core/backfill-request';
import type { PartitionMappingSpec } from '../../core/mappings/mapping-spec';
import type { PartitionsDef } from '../../core/partitions/partitions-def';
import type { BackfillPlan } from '../../core/plan/backfill-plan';
import { buildPlan } from '../../core/plan/plan-targets';

const NOW = Date.UTC(2025, 0, 1);
const DAILY: PartitionsDef = { kind: 'time', granularity: 'daily', start: '2024-01-01' };
const MONTHLY: PartitionsDef = { kind: 'time', granularity: 'monthly', start: '2024-01' };

/** `reader` reads `raw` through `mapping`. */
function catalog(mapping: PartitionMappingSpec, readerPartitions: PartitionsDef = DAILY): AssetSpec[] {
  return [
    { name: 'raw', partitions: DAILY, deps: [], dependsOnPast: false, codeVersion: '1' },
    { name: 'reader', partitions: readerPartitions, deps: ['raw'], mappings: { raw: mapping }, dependsOnPast: false, codeVersion: '1' },
  ];
}

const plan = (specs: AssetSpec[], input: BackfillRequestInput): BackfillPlan => buildPlan(specs, parseBackfillRequest(input), NOW);
const keysOf = (p: BackfillPlan, asset: string): string[] => p.partitions.filter((x) => x.asset === asset).map((x) => x.key);
const depsOf = (p: BackfillPlan, asset: string, key: string): string[] =>
  p.partitions.find((x) => x.asset === asset && x.key === key)!.deps.map((d) => `${p.partitions[d]!.asset}/${p.partitions[d]!.key}`);
const expectInputsFirst = (p: BackfillPlan): void =>
  p.partitions.forEach((x, i) => x.deps.forEach((d) => expect(d, `${x.asset}/${x.key} reads #${d}`).toBeLessThan(i)));

describe('buildPlan with declared mappings', () => {
  const previousDay = catalog({ kind: 'timeWindow', offset: -1 });

  it('links partition d of a previous-day reader to upstream d-1, and the first day to nothing', () => {
    const p = plan(previousDay, { assets: ['raw', 'reader'], from: '2024-01-01', to: '2024-01-04' });
    expect(depsOf(p, 'reader', '2024-01-01')).toEqual([]);
    for (const [day, before] of [['2024-01-02', '2024-01-01'], ['2024-01-03', '2024-01-02'], ['2024-01-04', '2024-01-03']]) {
      expect(depsOf(p, 'reader', day!)).toEqual([`raw/${before}`]);
    }
    expectInputsFirst(p);
  });

  it('propagates a changed upstream day downstream to the day that reads it', () => {
    const p = plan(previousDay, { assets: ['raw'], partitions: ['2024-03-10'], downstream: true });
    expect(keysOf(p, 'reader')).toEqual(['2024-03-11']);
    expect(depsOf(p, 'reader', '2024-03-11')).toEqual(['raw/2024-03-10']);
  });

  it('places a next-day reader after the later upstream day it reads', () => {
    const p = plan(catalog({ kind: 'timeWindow', offset: 1 }), { assets: ['raw', 'reader'], from: '2024-02-01', to: '2024-02-03' });
    expect(depsOf(p, 'reader', '2024-02-02')).toEqual(['raw/2024-02-03']);
    expect(depsOf(p, 'reader', '2024-02-03')).toEqual([]);
    expectInputsFirst(p);
  });

  it('links a month to the days of the month before', () => {
    const p = plan(catalog({ kind: 'timeWindow', offset: -1 }, MONTHLY), { assets: ['raw'], partitions: ['2024-02-29'], downstream: true });
    expect(keysOf(p, 'reader')).toEqual(['2024-03']);
    expect(depsOf(p, 'reader', '2024-03')).toEqual(['raw/2024-02-29']);
  });

  it('an all mapping makes each day wait for every planned upstream day', () => {
    const p = plan(catalog({ kind: 'all' }), { assets: ['raw', 'reader'], from: '2024-01-01', to: '2024-01-03' });
    expect(depsOf(p, 'reader', '2024-01-01')).toEqual(['raw/2024-01-01', 'raw/2024-01-02', 'raw/2024-01-03']);
    expectInputsFirst(p);
  });
});
