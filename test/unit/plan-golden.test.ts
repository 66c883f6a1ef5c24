/**
 * Golden tests of `retrofill plan`'s output. The expected texts live in
 * test/golden/; after a deliberate change, review the diff and rewrite them
 * with RETROFILL_UPDATE_GOLDEN=1.
 */
import { describe, expect, it } from 'vitest';
import { formatPlan } from '../../cli/views/plan-view';
import type { AssetSpec } from '../../core/asset-spec';
import type { PartitionsDef } from '../../core/partitions/partitions-def';
import { partitionKeys } from '../../core/partitions/partitions-def';
import { golden } from '../helpers/golden';
import { MemoryLedger } from '../helpers/memory-ledger';
import { planInMemory } from '../helpers/plan-pipeline';

const NOW = Date.UTC(2024, 4, 1);
const DAILY: PartitionsDef = { kind: 'time', granularity: 'daily', start: '2024-01-01' };
const MONTHLY: PartitionsDef = { kind: 'time', granularity: 'monthly', start: '2024-01' };
const spec = (name: string, partitions: PartitionsDef, deps: string[] = [], dependsOnPast = false): AssetSpec => ({
  name,
  partitions,
  deps,
  dependsOnPast,
  codeVersion: '1',
});
const catalog = [
  spec('raw_events', DAILY),
  spec('daily_revenue', DAILY, ['raw_events']),
  spec('monthly_revenue', MONTHLY, ['daily_revenue']),
  spec('lifetime_value', DAILY, ['raw_events'], true),
];
const Q1 = { from: '2024-01-01', to: '2024-03-31' };
const DURATIONS = {
  raw_events: { meanMs: 400, samples: 91 },
  daily_revenue: { meanMs: 250, samples: 91 },
  monthly_revenue: { meanMs: 1200, samples: 3 },
  lifetime_value: { meanMs: 300, samples: 91 },
};

function materializedQ1(): MemoryLedger {
  const ledger = new MemoryLedger(catalog, NOW);
  const days = partitionKeys(DAILY, NOW, { start: Date.UTC(2024, 0, 1), end: Date.UTC(2024, 3, 1) });
  for (const name of ['raw_events', 'daily_revenue', 'lifetime_value']) ledger.materialize(name, days);
  ledger.materialize('monthly_revenue', ['2024-01', '2024-02', '2024-03']);
  return ledger;
}

describe('plan output (golden)', () => {
  it('a new code version, downstream included, with an estimate', () => {
    const bumped = catalog.map((s) => (s.name === 'daily_revenue' ? { ...s, codeVersion: '2' } : s));
    const ledger = materializedQ1();
    ledger.redefine(bumped);
    const { report } = planInMemory(bumped, ledger, { assets: ['daily_revenue'], ...Q1, downstream: true, maxConcurrency: 4 }, NOW, DURATIONS);
    const text = formatPlan(report);
    expect(text).toBe(golden('plan-code-version', text));
  });

  it('three re-materialized upstream days, a canary with approval, an unknown estimate', () => {
    const ledger = materializedQ1();
    ledger.materialize('raw_events', ['2024-01-31', '2024-02-01', '2024-02-02']);
    const request = { assets: ['daily_revenue', 'monthly_revenue', 'lifetime_value'], ...Q1, canary: 1, canaryApproval: true };
    const { report } = planInMemory(catalog, ledger, request, NOW, { daily_revenue: DURATIONS.daily_revenue });
    const text = formatPlan(report);
    expect(text).toBe(golden('plan-upstream-days', text));
  });

  it('gaps and a failure, newest first', () => {
    const ledger = materializedQ1();
    ledger.fail('daily_revenue', '2024-03-10', 'deadlock detected');
    const { report } = planInMemory(catalog, ledger, { assets: ['raw_events', 'daily_revenue'], from: '2024-03-01', to: '2024-04-30', newestFirst: true }, NOW, DURATIONS);
    const text = formatPlan(report);
    expect(text).toBe(golden('plan-gaps-newest-first', text));
  });

  it('independent partitions: no chain to wait along', () => {
    const { report } = planInMemory(catalog, new MemoryLedger(catalog, NOW), { assets: ['raw_events'], from: '2024-01-01', to: '2024-01-03' }, NOW, DURATIONS);
    expect(report.longestChain).toBe(1);
    expect(formatPlan(report).split('\n')).toContain('Longest chain: none, no partition waits for another');
  });

  it('nothing to run', () => {
    const { report } = planInMemory(catalog, materializedQ1(), { assets: ['raw_events', 'monthly_revenue'], ...Q1, mode: 'missing' }, NOW, DURATIONS);
    const text = formatPlan(report);
    expect(text).toBe(golden('plan-nothing', text));
  });
});
