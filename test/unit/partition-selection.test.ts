import { describe, expect, it } from 'vitest';
import type { PartitionsDef } from '../../core/partitions/partitions-def';
import { assetSpec } from '../helpers/asset-specs';
import { partitionKeys } from '../../core/partitions/partitions-def';
import { MemoryLedger } from '../helpers/memory-ledger';
import { planInMemory } from '../helpers/plan-pipeline';

const NOW = Date.UTC(2024, 4, 1);
const DAILY: PartitionsDef = { kind: 'time', granularity: 'daily', start: '2024-01-01' };
const MONTHLY: PartitionsDef = { kind: 'time', granularity: 'monthly', start: '2024-01' };
const asset = assetSpec;

const catalog = [
  asset('raw_events', DAILY),
  asset('customers', { kind: 'unpartitioned' }),
  asset('daily_revenue', DAILY, ['raw_events', 'customers']),
  asset('monthly_revenue', MONTHLY, ['daily_revenue']),
  asset('lifetime_value', DAILY, ['raw_events'], { dependsOnPast: true }),
];
const Q1 = { from: '2024-01-01', to: '2024-03-31' };
const ALL_ASSETS = ['customers', 'raw_events', 'daily_revenue', 'monthly_revenue', 'lifetime_value'];

/** A ledger where every asset was materialized over Q1, upstream first. */
function materializedQ1(): MemoryLedger {
  const ledger = new MemoryLedger(catalog, NOW);
  ledger.materialize('customers', ['all']);
  for (const name of ['raw_events', 'daily_revenue', 'lifetime_value']) {
    ledger.materialize(name, partitionKeys(DAILY, NOW, { start: Date.UTC(2024, 0, 1), end: Date.UTC(2024, 3, 1) }));
  }
  ledger.materialize('monthly_revenue', ['2024-01', '2024-02', '2024-03']);
  return ledger;
}

describe('selection modes', () => {
  it('an empty ledger: every targeted partition is missing', () => {
    const { labels, report } = planInMemory(catalog, new MemoryLedger(catalog, NOW), { assets: ['daily_revenue'], ...Q1 }, NOW);
    expect(labels).toHaveLength(91);
    expect(report.assets[0]!.reasons).toEqual([
      { from: '2024-01-01', to: '2024-03-31', count: 91, status: 'missing', reason: 'never materialized' },
    ]);
  });

  it('after a complete backfill, stale, missing and failed select nothing; all selects everything', () => {
    const ledger = materializedQ1();
    for (const mode of ['stale', 'missing', 'failed'] as const) {
      const { labels, report } = planInMemory(catalog, ledger, { assets: ALL_ASSETS, ...Q1, mode }, NOW);
      expect(labels, mode).toEqual([]);
      expect(report.targeted).toBe(1 + 91 * 3 + 3);
    }
    const forced = planInMemory(catalog, ledger, { assets: ALL_ASSETS, ...Q1, mode: 'all' }, NOW);
    expect(forced.labels).toHaveLength(1 + 91 * 3 + 3);
    expect(forced.report.assets.find((a) => a.asset === 'monthly_revenue')!.reasons[0]!.reason).toBe(
      'materialized and current; forced by mode all',
    );
  });

  it("a new code version: exactly that asset's partitions and what reads them, with the reason", () => {
    const ledger = materializedQ1();
    const bumped = catalog.map((s) => (s.name === 'daily_revenue' ? { ...s, codeVersion: '2' } : s));
    ledger.redefine(bumped);
    const { labels, report } = planInMemory(bumped, ledger, { assets: ['daily_revenue'], ...Q1, downstream: true }, NOW);
    expect(labels.filter((l) => l.startsWith('daily_revenue/'))).toHaveLength(91);
    expect(labels.filter((l) => l.startsWith('monthly_revenue/'))).toEqual(['monthly_revenue/2024-01', 'monthly_revenue/2024-02', 'monthly_revenue/2024-03']);
    expect(labels).toHaveLength(94);
    const [daily, monthly] = report.assets;
    expect(daily!.reasons).toEqual([
      { from: '2024-01-01', to: '2024-03-31', count: 91, status: 'stale', reason: 'code version 2 ≠ 1 it was materialized with' },
    ]);
    // Each month reads other days: one run says what they share.
    expect(monthly!.reasons).toEqual([
      { from: '2024-01', to: '2024-03', count: 3, status: 'materialized', reason: 'upstream daily_revenue partitions are rebuilt by this backfill' },
    ]);

    // Once run, nothing is left to do.
    ledger.materialize('daily_revenue', labels.filter((l) => l.startsWith('daily_revenue/')).map((l) => l.split('/')[1]!));
    ledger.materialize('monthly_revenue', ['2024-01', '2024-02', '2024-03']);
    expect(planInMemory(bumped, ledger, { assets: ['daily_revenue'], ...Q1, downstream: true }, NOW).labels).toEqual([]);
  });

  it('three re-materialized upstream days: only their daily readers and the months holding them', () => {
    const ledger = materializedQ1();
    ledger.materialize('raw_events', ['2024-01-31', '2024-02-01', '2024-02-02']);
    const { labels, report } = planInMemory(catalog, ledger, { assets: ['daily_revenue', 'monthly_revenue'], ...Q1 }, NOW);
    expect(labels).toEqual([
      'daily_revenue/2024-01-31',
      'monthly_revenue/2024-01',
      'daily_revenue/2024-02-01',
      'daily_revenue/2024-02-02',
      'monthly_revenue/2024-02',
    ]);
    expect(report.assets[0]!.reasons).toEqual([
      { from: '2024-01-31', to: '2024-02-02', count: 3, status: 'stale', reason: 'upstream raw_events partitions changed' },
    ]);
    // The months holding them too; a partition alone keeps the input it names (below).
    expect(report.assets[1]!.reasons.map((r) => [r.from, r.count, r.reason])).toEqual([['2024-01', 2, 'upstream daily_revenue partitions are rebuilt by this backfill']]);
  });

  it('a cumulative asset: a changed input makes every later partition of the range run', () => {
    const ledger = materializedQ1();
    ledger.materialize('raw_events', ['2024-03-30']);
    const { labels, report } = planInMemory(catalog, ledger, { assets: ['lifetime_value'], ...Q1 }, NOW);
    expect(labels).toEqual(['lifetime_value/2024-03-30', 'lifetime_value/2024-03-31']);
    expect(report.assets[0]!.reasons.map((r) => r.reason)).toEqual([
      'upstream raw_events/2024-03-30 changed',
      'its previous partition is rebuilt by this backfill',
    ]);
  });

  it('failed: a failure after the last success, and what reads it; missing: only gaps, alone', () => {
    const ledger = materializedQ1();
    ledger.fail('daily_revenue', '2024-02-10', 'deadlock detected');
    const failed = planInMemory(catalog, ledger, { assets: ['daily_revenue', 'monthly_revenue'], ...Q1, mode: 'failed' }, NOW);
    expect(failed.labels).toEqual(['daily_revenue/2024-02-10', 'monthly_revenue/2024-02']);
    expect(failed.report.assets[0]!.reasons[0]!.reason).toBe('failed: deadlock detected');

    const gaps = new MemoryLedger(catalog, NOW);
    gaps.materialize('raw_events', ['2024-01-01', '2024-01-03']);
    const missing = planInMemory(catalog, gaps, { assets: ['raw_events'], from: '2024-01-01', to: '2024-01-04', mode: 'missing' }, NOW);
    expect(missing.labels).toEqual(['raw_events/2024-01-02', 'raw_events/2024-01-04']);
  });

  it('a success after a failure clears it', () => {
    const ledger = materializedQ1();
    ledger.fail('raw_events', '2024-01-05', 'timeout');
    ledger.materialize('raw_events', ['2024-01-05']);
    expect(planInMemory(catalog, ledger, { assets: ['raw_events'], ...Q1, mode: 'failed' }, NOW).labels).toEqual([]);
  });
});

describe('order', () => {
  it('newestFirst starts with the newest partitions, inputs still first', () => {
    const { labels } = planInMemory(catalog, new MemoryLedger(catalog, NOW), { assets: ['daily_revenue', 'monthly_revenue'], from: '2024-02-28', to: '2024-03-02', newestFirst: true }, NOW);
    expect(labels).toEqual([
      'daily_revenue/2024-03-02',
      'daily_revenue/2024-03-01',
      'monthly_revenue/2024-03',
      'daily_revenue/2024-02-29',
      'daily_revenue/2024-02-28',
      'monthly_revenue/2024-02',
    ]);
  });

  it('newestFirst is refused for an asset that depends on its past, naming it', () => {
    expect(() =>
      planInMemory(catalog, new MemoryLedger(catalog, NOW), { assets: ['raw_events'], ...Q1, downstream: true, newestFirst: true }, NOW),
    ).toThrow('newestFirst: asset "lifetime_value" depends on its past partitions, so they must run oldest first');
  });
});
