/** The per-asset `timeout`: validated at load, and an attempt stops when it runs out or is cancelled. */
import { describe, expect, it } from 'vitest';
import { AssetCatalog } from '../../assets/asset-catalog';
import { dailyPartitions } from '../../assets/partitions';
import { defineAsset, type AssetDefinition } from '../../assets/define-asset';
import { PartitionTimeoutError, attemptStop, untilStopped } from '../../activities/attempt-stop';
import { durationMs } from '../../core/duration';
import { AssetDefinitionError } from '../../core/errors';
import { gracePeriodMs } from '../../cli/options';

const daily = (extra: Partial<AssetDefinition>) =>
  defineAsset({ name: 'events', partitions: dailyPartitions({ start: '2024-01-01' }), partitionColumn: 'day', materialize: async () => {}, ...extra });

function problems(timeout: unknown): string[] {
  try {
    new AssetCatalog([daily({ timeout: timeout as string })]);
  } catch (error) {
    expect(error).toBeInstanceOf(AssetDefinitionError);
    return (error as AssetDefinitionError).problems;
  }
  return [];
}

describe('an asset timeout', () => {
  it.each([
    ['10 minutes', 600_000],
    ['1.5 hours', 5_400_000],
    ['90s', 90_000],
    ['250 ms', 250],
    [30_000, 30_000],
  ])('accepts %j (%i ms)', (timeout, ms) => {
    expect(problems(timeout)).toEqual([]);
    expect(durationMs(timeout)).toBe(ms);
  });

  it.each([0, -5, Number.NaN, Number.POSITIVE_INFINITY, '10', 'ten minutes', '5 days', '', true, {}])('refuses %j at load, naming asset, field and value', (timeout) => {
    expect(problems(timeout)).toEqual([
      `asset "events": timeout must be milliseconds > 0 or text like '10 minutes', got ${JSON.stringify(timeout)}`,
    ]);
  });

  it('refuses more than 24 hours (the activity would time out first)', () => {
    expect(problems('25 hours')).toEqual([`asset "events": timeout must be at most 24 hours, got "25 hours"`]);
  });
});

describe('an attempt stop', () => {
  it('ends a never-settling materialize with the timeout, naming it', async () => {
    const stop = attemptStop(new AbortController().signal, '50 ms', 'events/2024-01-01');
    const outcome = untilStopped(() => new Promise<void>(() => {}), stop.signal);
    await expect(outcome).rejects.toBeInstanceOf(PartitionTimeoutError);
    await expect(outcome).rejects.toThrow("events/2024-01-01 exceeded the asset's timeout of 50 ms: stopped and rolled back");
    stop.dispose();
  });

  it('ends it on cancellation with the cancellation reason, and swallows its later failure', async () => {
    const cancellation = new AbortController();
    const stop = attemptStop(cancellation.signal, undefined, 'events/2024-01-01');
    let failLater!: (e: Error) => void;
    const outcome = untilStopped(() => new Promise<void>((_, reject) => (failLater = reject)), stop.signal);
    const reason = new Error('backfill cancelled');
    cancellation.abort(reason);
    await expect(outcome).rejects.toBe(reason);
    failLater(new Error('too late')); // no unhandled rejection
    stop.dispose();
  });

  it('passes through what materialize does when nothing stops it', async () => {
    const stop = attemptStop(new AbortController().signal, '1 hour', 'x');
    await expect(untilStopped(() => Promise.resolve(42), stop.signal)).resolves.toBe(42);
    await expect(untilStopped(() => Promise.reject(new Error('bad row')), stop.signal)).rejects.toThrow('bad row');
    await expect(
      untilStopped(() => {
        throw new Error('thrown at once');
      }, stop.signal),
    ).rejects.toThrow('thrown at once');
    stop.dispose();
  });
});

describe('retrofill worker --shutdown-grace', () => {
  it.each([
    ['0', 0],
    ['30 seconds', 30_000],
    ['2m', 120_000],
    ['1 hour', 3_600_000],
  ])('accepts %j', (text, ms) => expect(gracePeriodMs(text)).toBe(ms));

  it.each(['30', '-1s', 'soon', '2 hours', ''])('refuses %j', (text) => {
    expect(() => gracePeriodMs(text)).toThrow(/expected 0 or a duration up to 1 hour with its unit/);
  });
});
