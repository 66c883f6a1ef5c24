import { describe, it, expect } from 'vitest';
import type { AssetSpec } from '../../core/asset-spec';
import { parseBackfillRequest, type BackfillRequestInput } from '../../core/backfill-request';
import { partitionKeys, type PartitionsDef } from '../../core/partitions/partitions-def';
import type { BackfillPlan } from '../../core/plan/backfill-plan';
import { buildPlan } from '../../core/plan/plan-targets';
import { plannedKeys, plannedLabel } from '../../core/plan/planned-keys';
import { groupSingleRunUnits } from '../../core/plan/single-run-groups';

const NOW = Date.UTC(2025, 0, 1);
const DAILY: PartitionsDef = { kind: 'time', granularity: 'daily', start: '2024-01-01' };
const MONTHLY: PartitionsDef = { kind: 'time', granularity: 'monthly', start: '2024-01' };

function asset(name: string, partitions: PartitionsDef, deps: string[] = [], options: { dependsOnPast?: boolean; singleRun?: number } = {}): AssetSpec {
  return {
    name,
    partitions,
    deps,
    dependsOnPast: options.dependsOnPast ?? false,
    codeVersion: 'v1',
    ...(options.singleRun !== undefined && { backfillPolicy: { kind: 'singleRun' as const, maxPartitionsPerRun: options.singleRun } }),
  };
}

function grouped(catalog: AssetSpec[], input: BackfillRequestInput): { before: BackfillPlan; after: BackfillPlan } {
  const before = buildPlan(catalog, parseBackfillRequest(input), NOW);
  return { before, after: groupSingleRunUnits(before, catalog) };
}

/** `asset/first..last` of every unit of an asset, in plan order. */
const unitsOf = (p: BackfillPlan, asset: string): string[] => p.partitions.filter((x) => x.asset === asset).map(plannedLabel);
const find = (p: BackfillPlan, asset: string, key: string): number =>
  p.partitions.findIndex((x) => x.asset === asset && plannedKeys(x).includes(key));
const depLabels = (p: BackfillPlan, i: number): string[] =>
  p.partitions[i]!.deps.map((d) => `${p.partitions[d]!.asset}/${plannedLabel(p.partitions[d]!)}`).sort();

/** Every dependency comes earlier in the plan, and every planned partition is in exactly one unit. */
function expectWellFormed(before: BackfillPlan, after: BackfillPlan): void {
  after.partitions.forEach((x, i) => x.deps.forEach((d) => expect(d, `${x.asset}/${plannedLabel(x)} reads #${d}`).toBeLessThan(i)));
  after.partitions.forEach((x) => expect(x.deps).toEqual([...new Set(x.deps)].sort((a, b) => a - b)));
  const flat = (p: BackfillPlan) => p.partitions.flatMap((x) => plannedKeys(x).map((k) => `${x.asset}/${k}`)).sort();
  expect(flat(after)).toEqual(flat(before));
}

describe('groupSingleRunUnits', () => {
  it('returns the plan itself when no planned asset is singleRun', () => {
    const catalog = [asset('raw', DAILY), asset('rev', DAILY, ['raw']), asset('other', DAILY, [], { singleRun: 31 })];
    const { before, after } = grouped(catalog, { assets: ['raw'], from: '2024-01-01', to: '2024-01-31', downstream: true });
    expect(after).toBe(before);
  });

  it('cuts a range into runs of at most maxPartitionsPerRun consecutive keys, the first key naming each', () => {
    const catalog = [asset('raw', DAILY, [], { singleRun: 31 })];
    const { before, after } = grouped(catalog, { assets: ['raw'], from: '2024-01-01', to: '2024-03-31' });
    expect(unitsOf(after, 'raw')).toEqual(['2024-01-01..2024-01-31', '2024-02-01..2024-03-02', '2024-03-03..2024-03-31']);
    expect(after.partitions[1]!.key).toBe('2024-02-01');
    expect(after.partitions[1]!.keys).toEqual(partitionKeys(DAILY, NOW, { start: Date.UTC(2024, 1, 1), end: Date.UTC(2024, 2, 3) }));
    expect(after.partitions.every((x) => x.deps.length === 0)).toBe(true);
    expectWellFormed(before, after);
  });

  it('starts a new run after a gap in the planned keys, and leaves a lone key a plain partition', () => {
    const catalog = [asset('raw', DAILY, [], { singleRun: 3 })];
    const keys = ['2024-01-01', '2024-01-02', '2024-01-04', '2024-01-05', '2024-01-06', '2024-01-07', '2024-01-09'];
    const { before, after } = grouped(catalog, { assets: ['raw'], partitions: keys });
    expect(unitsOf(after, 'raw')).toEqual(['2024-01-01..2024-01-02', '2024-01-04..2024-01-06', '2024-01-07', '2024-01-09']);
    expect(after.partitions[2]).toEqual({ asset: 'raw', key: '2024-01-07', deps: [] });
    expect('keys' in after.partitions[3]!).toBe(false);
    expectWellFormed(before, after);
  });

  it('makes a reader of any member read the unit, and a unit read the union of its members\' inputs', () => {
    const catalog = [asset('raw', DAILY), asset('rev', DAILY, ['raw'], { singleRun: 10 }), asset('monthly', MONTHLY, ['rev'])];
    const { before, after } = grouped(catalog, { assets: ['raw'], from: '2024-01-25', to: '2024-02-10', downstream: true });
    expect(unitsOf(after, 'rev')).toEqual(['2024-01-25..2024-02-03', '2024-02-04..2024-02-10']);
    const first = find(after, 'rev', '2024-01-25');
    expect(depLabels(after, first)).toEqual(
      ['25', '26', '27', '28', '29', '30', '31'].map((d) => `raw/2024-01-${d}`).concat(['01', '02', '03'].map((d) => `raw/2024-02-${d}`)),
    );
    // January reads the first unit only; February reads both.
    expect(depLabels(after, find(after, 'monthly', '2024-01'))).toEqual(['rev/2024-01-25..2024-02-03']);
    expect(depLabels(after, find(after, 'monthly', '2024-02'))).toEqual(['rev/2024-01-25..2024-02-03', 'rev/2024-02-04..2024-02-10']);
    expectWellFormed(before, after);
  });

  it('chains the units of a dependsOnPast asset: each reads the unit holding the key before its first', () => {
    const catalog = [asset('raw', DAILY), asset('cum', DAILY, ['raw'], { dependsOnPast: true, singleRun: 3 })];
    const { before, after } = grouped(catalog, { assets: ['raw'], from: '2024-03-01', to: '2024-03-07', downstream: true });
    expect(unitsOf(after, 'cum')).toEqual(['2024-03-01..2024-03-03', '2024-03-04..2024-03-06', '2024-03-07']);
    const units = unitsOf(after, 'cum').map((label) => find(after, 'cum', label.slice(0, 10)));
    expect(depLabels(after, units[0]!)).toEqual(['raw/2024-03-01', 'raw/2024-03-02', 'raw/2024-03-03']);
    expect(depLabels(after, units[1]!)).toEqual(['cum/2024-03-01..2024-03-03', 'raw/2024-03-04', 'raw/2024-03-05', 'raw/2024-03-06']);
    expect(depLabels(after, units[2]!)).toEqual(['cum/2024-03-04..2024-03-06', 'raw/2024-03-07']);
    expectWellFormed(before, after);
  });

  it('merges two singleRun assets into units that read each other in key order', () => {
    const catalog = [asset('raw', DAILY, [], { singleRun: 31 }), asset('rev', DAILY, ['raw'], { singleRun: 31 }), asset('monthly', MONTHLY, ['rev'])];
    const { before, after } = grouped(catalog, { assets: ['raw'], from: '2024-01-01', to: '2024-03-31', downstream: true });
    expect(after.partitions).toHaveLength(3 + 3 + 3);
    expect(depLabels(after, find(after, 'rev', '2024-02-15'))).toEqual(['raw/2024-02-01..2024-03-02']);
    expect(depLabels(after, find(after, 'monthly', '2024-03'))).toEqual(['rev/2024-02-01..2024-03-02', 'rev/2024-03-03..2024-03-31']);
    expectWellFormed(before, after);
  });

  it('groups static partitions by their list order', () => {
    const regions: PartitionsDef = { kind: 'static', keys: ['us', 'eu', 'apac', 'latam'] };
    const catalog = [asset('src', regions, [], { singleRun: 10 })];
    const { before, after } = grouped(catalog, { assets: ['src'], partitions: ['latam', 'us', 'eu'] });
    expect(after.partitions.map((x) => plannedKeys(x))).toEqual([['us', 'eu'], ['latam']]);
    expectWellFormed(before, after);
  });
});
