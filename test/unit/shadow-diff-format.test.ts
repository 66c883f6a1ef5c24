/** Summaries and text of `retrofill diff`, from counts given by hand. */
import { describe, expect, it } from 'vitest';
import { formatShadowDiff } from '../../cli/views/shadow-diff-view';
import { MAX_LISTED, partitionDiffers, summariseAssetDiff, type PartitionDiff } from '../../core/shadow/shadow-diff';

const same = (partition: string, rows: number): PartitionDiff => ({ partition, rowsBefore: rows, rowsAfter: rows, added: 0, removed: 0, changed: 0 });
const days = (n: number) => Array.from({ length: n }, (_, i) => `2023-03-${String(i + 1).padStart(2, '0')}`);

describe('summariseAssetDiff', () => {
  it('totals every partition and lists only those that differ, in the order given', () => {
    const partitions = [
      same('2023-03-01', 3),
      { partition: '2023-03-02', rowsBefore: 3, rowsAfter: 3, added: 0, removed: 0, changed: 2 },
      same('2023-03-03', 0),
      { partition: '2023-03-04', rowsBefore: 2, rowsAfter: 3, added: 1, removed: 0, changed: 0 },
    ];
    expect(summariseAssetDiff('daily_revenue', partitions, ['day', 'segment'])).toEqual({
      asset: 'daily_revenue',
      partitions: 4,
      changedPartitions: 2,
      rowsBefore: 8,
      rowsAfter: 9,
      added: 1,
      removed: 0,
      changed: 2,
      differences: [partitions[1], partitions[3]],
      matchedBy: ['day', 'segment'],
    });
  });

  it('a partition differs by an added, removed or changed row, not by its count alone', () => {
    expect(partitionDiffers(same('a', 5))).toBe(false);
    expect(partitionDiffers({ ...same('a', 5), removed: 1, added: 1 })).toBe(true);
    expect(partitionDiffers({ ...same('a', 5), changed: 1 })).toBe(true);
  });

  it(`lists at most ${MAX_LISTED} differing partitions but counts them all`, () => {
    const partitions = Array.from({ length: MAX_LISTED + 5 }, (_, i) => ({ ...same(`k${String(i).padStart(5, '0')}`, 1), changed: 1 }));
    const a = summariseAssetDiff('events', partitions, []);
    expect(a.changedPartitions).toBe(MAX_LISTED + 5);
    expect(a.changed).toBe(MAX_LISTED + 5);
    expect(a.differences).toHaveLength(MAX_LISTED);
    expect(a.differences[0]!.partition).toBe('k00000');
    expect(formatShadowDiff({ backfillId: 'b', assets: [a] }, 'all')).toContain('  … and 5 more differing partitions, not listed');
  });
});

describe('formatShadowDiff', () => {
  it('lists the first 20 differing partitions of each asset, the rest with --all', () => {
    const a = summariseAssetDiff('events', days(31).map((d) => ({ ...same(d, 2), changed: 1 })), ['id']);
    const capped = formatShadowDiff({ backfillId: 'b', assets: [a] }).split('\n');
    expect(capped.filter((l) => /^ {2}2023-03-\d\d /.test(l))).toHaveLength(20);
    expect(capped.at(-1)).toBe('  … 11 more (--all)');
    const all = formatShadowDiff({ backfillId: 'b', assets: [a] }, 'all').split('\n');
    expect(all.filter((l) => /^ {2}2023-03-\d\d /.test(l))).toHaveLength(31);
    expect(all.join('\n')).not.toContain('more (--all)');
  });

  it('a summary line per asset first, then its aligned differing partitions and the unchanged count', () => {
    const daily = summariseAssetDiff(
      'daily_revenue',
      days(31).map((d) =>
        d === '2023-03-05'
          ? { partition: d, rowsBefore: 3, rowsAfter: 3, added: 0, removed: 0, changed: 2 }
          : d === '2023-03-17'
            ? { partition: d, rowsBefore: 12, rowsAfter: 10, added: 1, removed: 3, changed: 10 }
            : same(d, 3),
      ),
      ['day', 'segment'],
    );
    const customers = summariseAssetDiff('customers', [same('all', 70)], []);
    expect(formatShadowDiff({ backfillId: 'fix-1', assets: [daily, customers] })).toBe(
      [
        'Backfill fix-1, shadow against production: 2 of 32 partitions differ',
        'daily_revenue: 2 of 31 partitions differ (rows 102 → 100: +1 added, -3 removed, ~12 changed); rows matched by day, segment',
        'customers: 0 of 1 partition differ (rows 70 → 70: +0 added, -0 removed, ~0 changed); whole rows compared (no primary key)',
        '',
        'daily_revenue:',
        '  partition   before  after  added  removed  changed',
        '  2023-03-05       3      3     +0       -0       ~2',
        '  2023-03-17      12     10     +1       -3      ~10',
        '  29 partitions unchanged',
      ].join('\n'),
    );
  });

  it('one differing partition and nothing unchanged', () => {
    const a = summariseAssetDiff('monthly_revenue', [{ partition: '2023-03', rowsBefore: 3, rowsAfter: 2, added: 0, removed: 1, changed: 0 }], ['month']);
    expect(formatShadowDiff({ backfillId: 'b', assets: [a] })).toBe(
      [
        'Backfill b, shadow against production: 1 of 1 partition differs',
        'monthly_revenue: 1 of 1 partition differs (rows 3 → 2: +0 added, -1 removed, ~0 changed); rows matched by month',
        '',
        'monthly_revenue:',
        '  partition  before  after  added  removed  changed',
        '  2023-03         3      2     +0       -1       ~0',
      ].join('\n'),
    );
  });

  it('a shadow without partitions says so', () => {
    expect(formatShadowDiff({ backfillId: 'b', assets: [] })).toBe('Backfill b: the shadow holds no partition yet, nothing to compare.');
  });
});
