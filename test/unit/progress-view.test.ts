import { describe, expect, it } from 'vitest';
import { assetBar, formatDuration, headerLine } from '../../cli/views/progress-view';
import type { BackfillProgress } from '../../core/run/backfill-progress';

const counts = { asset: 'raw_events', total: 100, pending: 50, running: 4, succeeded: 40, failed: 4, skipped: 2, cancelled: 0, rows: 800 };

describe('progress view', () => {
  it('formats durations for people', () => {
    expect([formatDuration(7_400), formatDuration(125_000), formatDuration(3_720_000)]).toEqual(['7s', '2m 05s', '1h 02m']);
  });

  it('derives an asset bar: done partitions, rate since start and ETA at that rate', () => {
    // 46 done in 23 s: 2/s, 54 left: 27 s.
    expect(assetBar(counts, 23_000)).toEqual({ asset: 'raw_events', value: 46, total: 100, failed: 4, skipped: 2, running: 4, rate: '2.00/s', eta: '27s' });
  });

  it('shows no ETA before anything is done, and 0s once everything is', () => {
    expect(assetBar({ ...counts, succeeded: 0, failed: 0, skipped: 0 }, 5_000).eta).toBe('-');
    expect(assetBar({ ...counts, pending: 0, running: 0, succeeded: 94 }, 5_000).eta).toBe('0s');
  });

  it('summarises the backfill in one header line', () => {
    const progress = {
      backfillId: 'bf-1',
      state: 'paused',
      maxConcurrency: 8,
      totals: { ...counts },
    } as unknown as BackfillProgress;
    expect(headerLine(progress, 125_000)).toBe('Backfill bf-1: paused, concurrency 8, 2m 05s elapsed, 46/100 done, 4 failed, 2 skipped');
  });

  it('names the time segment running in a backfill too large for one run', () => {
    const progress = {
      backfillId: 'bf-1',
      state: 'running',
      maxConcurrency: 8,
      totals: { ...counts },
      segment: { current: 2, count: 6, from: '2019-12-09T00:00:00.000Z', to: '2020-12-01T00:00:00.000Z' },
    } as unknown as BackfillProgress;
    expect(headerLine(progress, 5_000)).toBe('Backfill bf-1: running, concurrency 8, 5s elapsed, 46/100 done, 4 failed, 2 skipped, time segment 2 of 6 (from 2019-12-09T00:00)');
  });
});
