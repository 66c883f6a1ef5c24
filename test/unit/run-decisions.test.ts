import { describe, expect, it } from 'vitest';
import type { PartitionsDef } from '../../core/partitions/partitions-def';
import { failureType } from '../../core/run/classify-error';
import { NonRetryableError, TransientError } from '../../core/run/materialize-errors';
import { inputSelections, partitionInputs, type PartitionInputs } from '../../core/run/partition-inputs';
import { unitInputs } from '../../core/run/unit-inputs';
import { shadowTarget } from '../../core/run/shadow-target';
import { steppedAsideReason, type CancellationDetails } from '../../core/run/stepped-aside';
import { upstreamRefusal } from '../../core/run/upstream-refusal';
import { assetSpec } from '../helpers/asset-specs';

const NOW = Date.UTC(2024, 4, 1);
const DAILY: PartitionsDef = { kind: 'time', granularity: 'daily', start: '2024-01-01' };
const assets = [
  assetSpec('raw_events', DAILY),
  assetSpec('customers', { kind: 'unpartitioned' }),
  assetSpec('daily_revenue', DAILY, ['raw_events', 'customers']),
  assetSpec('lifetime_value', DAILY, ['raw_events'], { dependsOnPast: true }),
];
const named = (name: string) => assets.find((a) => a.name === name)!;

describe('inputSelections', () => {
  it('selects the mapped partitions of each dependency', () => {
    expect(inputSelections(named('daily_revenue'), '2024-03-02', named, NOW)).toEqual([
      { asset: 'raw_events', keys: ['2024-03-02'] },
      { asset: 'customers', keys: ['all'] },
    ]);
  });

  it("adds a dependsOnPast asset's own previous partition, but not before its first", () => {
    expect(inputSelections(named('lifetime_value'), '2024-03-02', named, NOW)).toContainEqual({ asset: 'lifetime_value', keys: ['2024-03-01'] });
    expect(inputSelections(named('lifetime_value'), '2024-01-01', named, NOW)).toEqual([{ asset: 'raw_events', keys: ['2024-01-01'] }]);
  });
});

describe('partitionInputs', () => {
  it('keeps the versions found and names the partitions without one', () => {
    const found = new Map([['raw_events/2024-03-01', '7']]);
    const selections = [{ asset: 'raw_events', keys: ['2024-03-01', '2024-03-02'] }];
    expect(partitionInputs(selections, found)).toEqual({ versions: { 'raw_events/2024-03-01': '7' }, missing: ['raw_events/2024-03-02'] });
  });

  it('needs one partition of an asset read whole', () => {
    expect(partitionInputs([{ asset: 'customers', keys: 'all' }], new Map()).missing).toEqual(['customers/*']);
    expect(partitionInputs([{ asset: 'customers', keys: 'all' }], new Map([['customers/all', '3']])).missing).toEqual([]);
  });
});

describe('unitInputs', () => {
  it('neither requires nor records the inputs the run writes itself', () => {
    const byPartition: PartitionInputs[] = [
      { versions: { 'raw_events/2024-03-01': '1' }, missing: ['lifetime_value/2024-02-29'] },
      { versions: { 'raw_events/2024-03-02': '2', 'lifetime_value/2024-03-01': '9' }, missing: ['lifetime_value/2024-03-01'] },
    ];
    expect(unitInputs('lifetime_value', ['2024-03-01', '2024-03-02'], byPartition)).toEqual({
      versions: [{ 'raw_events/2024-03-01': '1' }, { 'raw_events/2024-03-02': '2' }],
      missing: ['lifetime_value/2024-02-29'],
    });
  });
});

describe('upstreamRefusal', () => {
  it('allows a run with every input, and names at most ten missing ones', () => {
    expect(upstreamRefusal('a/2024-03-01', [])).toBeUndefined();
    const missing = Array.from({ length: 12 }, (_, i) => `raw/${i}`);
    expect(upstreamRefusal('a/2024-03-01', missing)).toBe(
      `cannot materialize a/2024-03-01: upstream partitions not materialized: ${missing.slice(0, 10).join(', ')} and 2 more`,
    );
  });
});

describe('shadowTarget', () => {
  it('writes production unless shadowed, and a shadow only of a backfill', () => {
    expect(shadowTarget({ backfillId: 'b1' }, 'a/x')).toEqual({ shadowOf: undefined });
    expect(shadowTarget({ isolation: 'shadow', backfillId: 'b1' }, 'a/x')).toEqual({ shadowOf: 'b1' });
    expect(shadowTarget({ isolation: 'shadow', backfillId: null }, 'a/x')).toEqual({ invalid: 'cannot materialize a/x in a shadow without a backfill id' });
  });
});

describe('steppedAsideReason', () => {
  const details = (set: Partial<CancellationDetails>): CancellationDetails => ({
    cancelRequested: false,
    notFound: false,
    workerShutdown: false,
    timedOut: false,
    paused: false,
    reset: false,
    ...set,
  });

  it('steps aside when Temporal, not the backfill, cancelled the attempt', () => {
    expect(steppedAsideReason(undefined)).toBeUndefined();
    expect(steppedAsideReason(details({ cancelRequested: true, workerShutdown: true }))).toBeUndefined();
    expect(steppedAsideReason(details({ workerShutdown: true }))).toBe('abandoned: the worker shut down during the attempt');
    expect(steppedAsideReason(details({ notFound: true }))).toBe('abandoned: Temporal gave up on the attempt (it timed out)');
    expect(steppedAsideReason(details({ paused: true }))).toBe('abandoned: the activity was paused');
    expect(steppedAsideReason(details({ reset: true }))).toBe('abandoned: the activity was reset');
  });
});

describe('failureType', () => {
  it('types permanent and passing faults, and leaves unknown errors as they are', () => {
    expect(failureType(new NonRetryableError('bad row'))).toEqual({ type: 'NonRetryable', nonRetryable: true });
    expect(failureType(new TransientError('busy', 0))).toEqual({ type: 'Transient', retryAfterMs: 1 });
    expect(failureType(new TransientError('busy'))).toEqual({ type: 'Transient' });
    expect(failureType(new Error('what?'))).toBeUndefined();
  });
});
