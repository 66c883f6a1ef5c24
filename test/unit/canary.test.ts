import { describe, expect, it } from 'vitest';
import type { AssetSpec } from '../../core/asset-spec';
import { parseBackfillRequest } from '../../core/backfill-request';
import type { PartitionsDef } from '../../core/partitions/partitions-def';
import type { BackfillPlan } from '../../core/plan/backfill-plan';
import { buildPlan } from '../../core/plan/plan-targets';
import { BackfillScheduler } from '../../core/run/backfill-scheduler';
import { canaryPartitions } from '../../core/plan/canary';

const NOW = Date.UTC(2025, 0, 1);
const DAILY: PartitionsDef = { kind: 'time', granularity: 'daily', start: '2024-01-01' };
const MONTHLY: PartitionsDef = { kind: 'time', granularity: 'monthly', start: '2024-01' };
const specs: AssetSpec[] = [
  { name: 'raw', partitions: DAILY, deps: [], dependsOnPast: false, codeVersion: '1' },
  { name: 'monthly', partitions: MONTHLY, deps: ['raw'], dependsOnPast: false, codeVersion: '1' },
  { name: 'cumulative', partitions: DAILY, deps: [], dependsOnPast: true, codeVersion: '1' },
];
const bySpec = new Map(specs.map((s) => [s.name, s]));
const plan = buildPlan(specs, parseBackfillRequest({ assets: ['raw', 'monthly', 'cumulative'], from: '2024-01-01', to: '2024-03-31' }), NOW);
const labels = (p: BackfillPlan, set: Iterable<number>) => [...set].map((i) => `${p.partitions[i]!.asset}/${p.partitions[i]!.key}`).sort();

describe('canary partitions', () => {
  it('spreads across the range, takes the first ones of a cumulative asset, and adds the inputs they read', () => {
    const picked = labels(plan, canaryPartitions(plan, bySpec, 2));
    const raws = picked.filter((l) => l.startsWith('raw/'));
    // monthly's canary spans 2024-01 and 2024-03: it reads all their days; raw's own picks are the range ends.
    expect(raws).toHaveLength(31 + 31);
    expect(raws).toContain('raw/2024-01-01');
    expect(raws).toContain('raw/2024-03-31');
    expect(raws).not.toContain('raw/2024-02-15');
    expect(picked.filter((l) => l.startsWith('monthly/'))).toEqual(['monthly/2024-01', 'monthly/2024-03']);
    expect(picked.filter((l) => l.startsWith('cumulative/'))).toEqual(['cumulative/2024-01-01', 'cumulative/2024-01-02']);
  });

  it('a canary larger than an asset takes all of it', () => {
    const small = buildPlan(specs, parseBackfillRequest({ assets: ['raw'], from: '2024-01-01', to: '2024-01-03' }), NOW);
    expect(canaryPartitions(small, bySpec, 5).size).toBe(3);
  });
});

describe('scheduler with a first phase', () => {
  const small: BackfillPlan = {
    assets: ['a'],
    partitions: [0, 1, 2, 3].map((k) => ({ asset: 'a', key: `k${k}`, deps: [] })),
  };

  it('offers only the first phase until all of it ended', () => {
    const s = new BackfillScheduler(small, new Set([1, 3]));
    expect([s.start(), s.start()]).toEqual([1, 3]);
    expect(s.hasReady()).toBe(false);
    s.succeed(1, 10);
    expect(s.firstPhaseRemaining()).toBe(1);
    expect(s.hasReady()).toBe(false);
    s.fail(3, 'boom');
    expect(s.firstPhaseRemaining()).toBe(0);
    expect([s.start(), s.start()]).toEqual([0, 2]);
  });

  it('skipPending ends every partition not started, with the reason', () => {
    const s = new BackfillScheduler(small, new Set([0]));
    s.start();
    s.fail(0, 'boom');
    s.skipPending('the canary failed');
    expect(s.isFinished()).toBe(true);
    expect(s.hasReady()).toBe(false);
    const summary = s.summary('b');
    expect(summary).toMatchObject({ failed: 1, skipped: 3, succeeded: 0 });
    expect(summary.assets[0]!.skips[0]).toEqual({ partition: 'k1', reason: 'the canary failed' });
  });
});
