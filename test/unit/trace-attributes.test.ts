/** What spans and log lines say a workflow or activity works on, read from untrusted input. */
import { describe, expect, it } from 'vitest';
import { logFields, spanAttributes } from '../../observability/trace-attributes';

describe('spanAttributes', () => {
  it('names the backfill, asset and partition of one partition', () => {
    expect(spanAttributes([{ asset: 'daily_revenue', partitionKey: '2024-03-01', backfillId: 'b-1' }])).toEqual({
      'retrofill.backfill_id': 'b-1',
      'retrofill.asset': 'daily_revenue',
      'retrofill.partition': '2024-03-01',
    });
  });

  it('names the first partition of a batch and counts them', () => {
    expect(spanAttributes([{ asset: 'raw', partitionKeys: ['2024-03-01', '2024-03-02', '2024-03-03'], backfillId: null }], 'fallback')).toEqual({
      'retrofill.backfill_id': 'fallback',
      'retrofill.asset': 'raw',
      'retrofill.partition': '2024-03-01',
      'retrofill.partitions': 3,
    });
  });

  it('takes the backfill id given for the parent workflow, whose input has none', () => {
    expect(spanAttributes([{ assets: ['raw'], from: '2024-01-01' }], 'backfill-9')).toEqual({ 'retrofill.backfill_id': 'backfill-9' });
  });

  it('ignores values that are not strings, and shortens long ones', () => {
    expect(spanAttributes([{ asset: 42, partitionKey: { toString: () => 'x' }, backfillId: ['a'] }])).toEqual({});
    expect(spanAttributes([undefined])).toEqual({});
    expect(spanAttributes(['text'])).toEqual({});
    expect(spanAttributes([{ asset: 'a'.repeat(1000) }])['retrofill.asset']).toHaveLength(200);
  });
});

describe('logFields', () => {
  it('gives the same as backfillId, asset, partition and partitions', () => {
    expect(logFields(spanAttributes([{ asset: 'raw', partitionKeys: ['k1', 'k2'], backfillId: 'b' }]))).toEqual({ backfillId: 'b', asset: 'raw', partition: 'k1', partitions: 2 });
    expect(logFields({})).toEqual({});
  });
});
