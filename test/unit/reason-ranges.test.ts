/** Adjacent partitions' reasons collapse into ranges when they say the same thing about different inputs. */
import { describe, expect, it } from 'vitest';
import { extendRanges, mergedReason } from '../../core/selection/reason-ranges';

describe('mergedReason', () => {
  it('keeps a reason both share', () => {
    expect(mergedReason('missing: never materialized', 'missing: never materialized')).toBe('missing: never materialized');
  });

  it('collapses changed inputs of the same upstream asset, not of two', () => {
    expect(mergedReason('upstream raw/2024-03-01 changed', 'upstream raw/2024-03-02 changed (and 1 more)')).toBe('upstream raw partitions changed');
    expect(mergedReason('upstream raw partitions changed', 'upstream raw/2024-03-03 changed')).toBe('upstream raw partitions changed');
    expect(mergedReason('upstream raw/2024-03-01 changed', 'upstream events/2024-03-02 changed')).toBeUndefined();
  });

  it('collapses inputs rebuilt by the backfill, whatever they are: a cumulative chain is one run', () => {
    expect(mergedReason('upstream daily/2024-03-01 is rebuilt by this backfill', 'upstream daily/2024-03-02 is rebuilt by this backfill')).toBe(
      'upstream daily partitions are rebuilt by this backfill',
    );
    const chain = 'inputs rebuilt by this backfill: upstream daily, its previous partition';
    expect(mergedReason('upstream daily partitions are rebuilt by this backfill', 'its previous partition is rebuilt by this backfill')).toBe(chain);
    expect(mergedReason(chain, 'upstream daily/2024-05-01 is rebuilt by this backfill')).toBe(chain);
    expect(mergedReason(chain, 'upstream raw/2024-05-01 is rebuilt by this backfill')).toBe(
      'inputs rebuilt by this backfill: upstream daily, upstream raw, its previous partition',
    );
  });

  it('keeps reasons of different kinds apart', () => {
    expect(mergedReason('upstream raw/2024-03-01 changed', 'upstream raw/2024-03-02 is rebuilt by this backfill')).toBeUndefined();
    expect(mergedReason('its previous partition is rebuilt by this backfill', 'missing: never materialized')).toBeUndefined();
    expect(mergedReason('failed: timeout', 'failed: deadlock')).toBeUndefined();
  });
});

describe('extendRanges', () => {
  const stale = (key: string, upstream: string) => ({ key, status: 'stale', reason: `upstream raw/${upstream} changed` });

  it('extends the last range with a partition that follows it, opens one otherwise, and leaves partitions out past the maximum', () => {
    const ranges: Array<{ from: string; to: string; count: number; status: string; reason: string }> = [];
    expect(extendRanges(ranges, stale('a1', 'x1'), false, 2)).toBe(true);
    expect(extendRanges(ranges, stale('a2', 'x2'), true, 2)).toBe(true);
    expect(ranges).toEqual([{ from: 'a1', to: 'a2', count: 2, status: 'stale', reason: 'upstream raw partitions changed' }]);
    expect(extendRanges(ranges, stale('a4', 'x4'), false, 2)).toBe(true);
    expect(extendRanges(ranges, { key: 'a5', status: 'failed', reason: 'failed: timeout' }, true, 2)).toBe(false);
    expect(ranges).toHaveLength(2);
  });
});
