/** A selection reads the ledger only over the keys it judges or reads as inputs. */
import { describe, expect, it } from 'vitest';
import type { PartitionsDef } from '../../core/partitions/partitions-def';
import { assetSpec } from '../helpers/asset-specs';
import { ledgerSpans } from '../../core/selection/ledger-spans';

const NOW = Date.UTC(2025, 0, 1);
const HOURLY: PartitionsDef = { kind: 'time', granularity: 'hourly', start: '2024-01-01' };
const DAILY: PartitionsDef = { kind: 'time', granularity: 'daily', start: '2024-01-01' };
const MONTHLY: PartitionsDef = { kind: 'time', granularity: 'monthly', start: '2024-01' };
const asset = assetSpec;

describe('ledgerSpans', () => {
  it('bounds each asset by its first and last targets and their inputs, with the partition before a cumulative one', () => {
    const catalog = [
      asset('events', HOURLY),
      asset('daily', DAILY, ['events']),
      asset('total', DAILY, ['daily'], { dependsOnPast: true }),
      asset('lagged', DAILY, ['daily'], { mappings: { daily: { kind: 'timeWindow', offset: -2 } } }),
      asset('monthly', MONTHLY, ['daily']),
    ];
    const targets = new Map([
      ['daily', ['2024-03-05', '2024-03-06', '2024-03-07']],
      ['total', ['2024-03-05', '2024-03-07']],
      ['lagged', ['2024-03-05']],
      ['monthly', ['2024-03']],
    ]);
    expect(Object.fromEntries(ledgerSpans(catalog, targets, NOW))).toEqual({
      events: { from: '2024-03-05T00', to: '2024-03-07T23' },
      daily: { from: '2024-03-01', to: '2024-03-31' },
      total: { from: '2024-03-04', to: '2024-03-07' },
      lagged: { from: '2024-03-05', to: '2024-03-05' },
      monthly: { from: '2024-03', to: '2024-03' },
    });
  });

  it('reads every key of what is not time-partitioned, is read whole, or lies before the upstream begins', () => {
    const catalog = [
      asset('customers', { kind: 'unpartitioned' }),
      asset('daily', DAILY, ['customers']),
      asset('latest', DAILY, ['daily'], { mappings: { daily: { kind: 'all' } } }),
      asset('late', { ...DAILY, start: '2024-06-01' }),
      asset('early', DAILY, ['late']),
    ];
    const targets = new Map([
      ['daily', ['2024-03-05']],
      ['latest', ['2024-03-05']],
      ['early', ['2024-05-30', '2024-06-02']],
    ]);
    expect(Object.fromEntries(ledgerSpans(catalog, targets, NOW))).toEqual({
      customers: 'all',
      daily: 'all',
      latest: { from: '2024-03-05', to: '2024-03-05' },
      late: { from: undefined, to: '2024-06-02' },
      early: { from: '2024-05-30', to: '2024-06-02' },
    });
  });
});
