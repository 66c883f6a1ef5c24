import { describe, it, expect } from 'vitest';
import type { AssetSpec } from '../../core/asset-spec';
import { parseBackfillRequest, type BackfillRequestInput } from '../../core/backfill-request';
import { InvalidBackfillRequestError } from '../../core/errors';
import type { PartitionsDef } from '../../core/partitions/partitions-def';
import type { BackfillPlan } from '../../core/plan/backfill-plan';
import { buildPlan } from '../../core/plan/plan-targets';

const NOW = Date.UTC(2025, 0, 1);
const DAILY: PartitionsDef = { kind: 'time', granularity: 'daily', start: '2024-01-01' };
const MONTHLY: PartitionsDef = { kind: 'time', granularity: 'monthly', start: '2024-01' };

function asset(name: string, partitions: PartitionsDef, deps: string[] = [], dependsOnPast = false): AssetSpec {
  return { name, partitions, deps, dependsOnPast, codeVersion: 'v1' };
}

function plan(catalog: AssetSpec[], input: BackfillRequestInput, maxPartitions?: number): BackfillPlan {
  const request = parseBackfillRequest(input);
  return maxPartitions === undefined ? buildPlan(catalog, request, NOW) : buildPlan(catalog, request, NOW, { maxPartitions });
}

const keysOf = (p: BackfillPlan, asset: string): string[] => p.partitions.filter((x) => x.asset === asset).map((x) => x.key);
const indexOf = (p: BackfillPlan, asset: string, key: string): number =>
  p.partitions.findIndex((x) => x.asset === asset && x.key === key);
const depLabels = (p: BackfillPlan, i: number): string[] =>
  p.partitions[i]!.deps.map((d) => `${p.partitions[d]!.asset}/${p.partitions[d]!.key}`);

/** Every dependency comes earlier in the plan and exists. */
function expectInputsFirst(p: BackfillPlan): void {
  p.partitions.forEach((x, i) => x.deps.forEach((d) => expect(d, `${x.asset}/${x.key} reads #${d}`).toBeLessThan(i)));
}

function planError(catalog: AssetSpec[], input: BackfillRequestInput, maxPartitions?: number): InvalidBackfillRequestError {
  try {
    plan(catalog, input, maxPartitions);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidBackfillRequestError);
    return error as InvalidBackfillRequestError;
  }
  throw new Error('planned without error');
}

const chain = [asset('raw', DAILY), asset('daily_rev', DAILY, ['raw']), asset('monthly', MONTHLY, ['daily_rev'])];

describe('buildPlan targets', () => {
  it('names an unknown asset', () => {
    const error = planError(chain, { assets: ['raw', 'ghost'], from: '2024-01-01', to: '2024-01-02' });
    expect(error.message).toContain('unknown asset "ghost"');
    expect(error.message).toContain('known: raw, daily_rev, monthly');
  });

  it('expands a range into keys of each asset\'s granularity', () => {
    const p = plan(chain, { assets: ['raw', 'monthly'], from: '2024-01-01', to: '2024-03-31' });
    expect(keysOf(p, 'raw')).toHaveLength(91);
    expect(keysOf(p, 'raw')[59]).toBe('2024-02-29');
    expect(keysOf(p, 'monthly')).toEqual(['2024-01', '2024-02', '2024-03']);
    expect(keysOf(p, 'daily_rev')).toEqual([]);
    expect(p.assets).toEqual(['raw', 'monthly']);
  });

  it('propagates downstream only to partitions reading the targeted ones, within the range', () => {
    const p = plan(chain, { assets: ['raw'], from: '2024-03-10', to: '2024-03-12', downstream: true });
    expect(p.assets).toEqual(['raw', 'daily_rev', 'monthly']);
    expect(keysOf(p, 'raw')).toEqual(['2024-03-10', '2024-03-11', '2024-03-12']);
    expect(keysOf(p, 'daily_rev')).toEqual(['2024-03-10', '2024-03-11', '2024-03-12']);
    expect(keysOf(p, 'monthly')).toEqual(['2024-03']);
    expect(p.partitions).toHaveLength(7);
    expectInputsFirst(p);
  });

  it('plans only the requested assets without downstream', () => {
    const p = plan(chain, { assets: ['daily_rev'], from: '2024-03-10', to: '2024-03-12' });
    expect(p.assets).toEqual(['daily_rev']);
    expect(p.partitions.every((x) => x.deps.length === 0)).toBe(true);
  });

  it('rejects a plan over the partition limit, counting downstream partitions too', () => {
    const req = { assets: ['raw'], from: '2024-01-01', to: '2024-01-11' };
    expect(planError(chain, req, 10).message).toContain('more than the maximum of 10 partitions');
    expect(plan(chain, req, 11).partitions).toHaveLength(11);
    expect(planError(chain, { ...req, downstream: true }, 15).message).toContain('maximum of 15');
  });

  it('needs a range or partitions for a time-partitioned asset', () => {
    expect(planError(chain, { assets: ['raw'] }).message).toContain('asset "raw" has time partitions: give from and to');
  });

  it('names invalid keys of a partition list', () => {
    const error = planError(chain, { assets: ['raw'], partitions: ['2024-01-01', '2023-02-29', '2030-01-01'] });
    expect(error.problems).toHaveLength(2);
    expect(error.problems[0]).toContain('asset "raw": "2023-02-29" is not a daily partition key');
    expect(error.problems[1]).toContain('2030-01-01 is not complete yet');
  });

  it('rejects a range holding no complete partition', () => {
    const error = planError(chain, { assets: ['raw'], from: '2025-01-01', to: '2025-01-31' });
    expect(error.message).toContain('asset "raw" has no complete partition between 2025-01-01 and 2025-01-31');
  });

  it('keeps each listed key once', () => {
    const p = plan(chain, { assets: ['raw'], partitions: ['2024-05-02', '2024-05-01', '2024-05-02'] });
    expect(keysOf(p, 'raw')).toEqual(['2024-05-01', '2024-05-02']);
  });
});

describe('buildPlan dependencies', () => {
  it('makes a monthly partition depend on every daily partition of its month, after them', () => {
    const catalog = [asset('raw', DAILY), asset('monthly', MONTHLY, ['raw'])];
    const p = plan(catalog, { assets: ['raw', 'monthly'], from: '2024-02-01', to: '2024-03-31' });
    const feb = indexOf(p, 'monthly', '2024-02');
    expect(depLabels(p, feb)).toEqual(Array.from({ length: 29 }, (_, d) => `raw/2024-02-${String(d + 1).padStart(2, '0')}`));
    expect(p.partitions[indexOf(p, 'monthly', '2024-03')]!.deps).toHaveLength(31);
    expectInputsFirst(p);
    // Oldest first: February's month comes before any March day.
    expect(feb).toBeLessThan(indexOf(p, 'raw', '2024-03-01'));
  });

  it('links a daily partition to the daily partition of the same day upstream', () => {
    const p = plan(chain, { assets: ['raw', 'daily_rev'], from: '2024-01-30', to: '2024-02-01' });
    expect(depLabels(p, indexOf(p, 'daily_rev', '2024-01-31'))).toEqual(['raw/2024-01-31']);
    expect(keysOf(p, 'raw')).toEqual(['2024-01-30', '2024-01-31', '2024-02-01']);
    expectInputsFirst(p);
  });

  it('makes every daily partition depend on an unpartitioned upstream', () => {
    const catalog = [asset('dim', { kind: 'unpartitioned' }), asset('fact', DAILY, ['dim'])];
    const p = plan(catalog, { assets: ['dim', 'fact'], from: '2024-01-01', to: '2024-01-05' });
    const dim = indexOf(p, 'dim', 'all');
    expect(dim).toBe(0);
    expect(keysOf(p, 'fact')).toHaveLength(5);
    for (const key of keysOf(p, 'fact')) expect(p.partitions[indexOf(p, 'fact', key)]!.deps).toEqual([dim]);
  });

  it('places an unpartitioned asset after every time partition it reads, and its readers after it', () => {
    const catalog = [asset('raw', DAILY), asset('dim', { kind: 'unpartitioned' }, ['raw']), asset('fact', DAILY, ['dim'])];
    const p = plan(catalog, { assets: ['raw'], from: '2024-03-10', to: '2024-03-12', downstream: true });
    const dim = indexOf(p, 'dim', 'all');
    expect(depLabels(p, dim)).toEqual(['raw/2024-03-10', 'raw/2024-03-11', 'raw/2024-03-12']);
    expect(keysOf(p, 'fact')).toEqual(['2024-03-10', '2024-03-11', '2024-03-12']);
    expectInputsFirst(p);
  });

  it('links equal static partitions one to one', () => {
    const regions: PartitionsDef = { kind: 'static', keys: ['us', 'eu', 'apac'] };
    const p = plan([asset('src', regions), asset('agg', regions, ['src'])], { assets: ['src'], downstream: true });
    expect(keysOf(p, 'agg')).toEqual(['us', 'eu', 'apac']);
    expect(depLabels(p, indexOf(p, 'agg', 'eu'))).toEqual(['src/eu']);
  });

  it('chains a dependsOnPast asset, each partition after the previous one', () => {
    const catalog = [asset('cum', DAILY, [], true)];
    const p = plan(catalog, { assets: ['cum'], from: '2024-02-27', to: '2024-03-02' });
    expect(keysOf(p, 'cum')).toEqual(['2024-02-27', '2024-02-28', '2024-02-29', '2024-03-01', '2024-03-02']);
    expect(p.partitions[0]!.deps).toEqual([]);
    for (let i = 1; i < p.partitions.length; i++) expect(p.partitions[i]!.deps).toEqual([i - 1]);
  });

  it('extends downstream propagation into a dependsOnPast asset to the end of the range', () => {
    // raw ends 2024-03-13, so only three raw partitions lie in the range.
    const raw = asset('raw', { kind: 'time', granularity: 'daily', start: '2024-01-01', end: '2024-03-13' });
    const catalog = [raw, asset('plain', DAILY, ['raw']), asset('cum', DAILY, ['raw'], true)];
    const p = plan(catalog, { assets: ['raw'], from: '2024-03-01', to: '2024-03-20', downstream: true });
    expect(keysOf(p, 'raw')).toEqual(['2024-03-01', '2024-03-02', '2024-03-03', '2024-03-04', '2024-03-05', '2024-03-06', '2024-03-07', '2024-03-08', '2024-03-09', '2024-03-10', '2024-03-11', '2024-03-12']);
    expect(keysOf(p, 'plain')).toEqual(keysOf(p, 'raw'));
    expect(keysOf(p, 'cum')).toHaveLength(20);
    expect(keysOf(p, 'cum').at(-1)).toBe('2024-03-20');
    expect(depLabels(p, indexOf(p, 'cum', '2024-03-15'))).toEqual(['cum/2024-03-14']);
    expect(depLabels(p, indexOf(p, 'cum', '2024-03-12'))).toEqual(['cum/2024-03-11', 'raw/2024-03-12']);
    expectInputsFirst(p);
  });

  it('extends a dependsOnPast asset from a single changed partition to the last complete one', () => {
    const catalog = [asset('raw', DAILY), asset('cum', DAILY, ['raw'], true)];
    const p = plan(catalog, { assets: ['raw'], partitions: ['2024-12-29'], downstream: true });
    expect(keysOf(p, 'cum')).toEqual(['2024-12-29', '2024-12-30', '2024-12-31']);
  });
});
