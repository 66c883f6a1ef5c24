/** What the terminal shows of a shadow: phase, checks, publication. */
import { describe, expect, it } from 'vitest';
import { formatPublication, shadowLines } from '../../cli/views/shadow-view';
import type { CheckOutcome } from '../../core/checks/check-outcome';

const check = (passed: boolean, severity: 'error' | 'warn', message: string, sample: Record<string, unknown>[] = []): CheckOutcome => ({
  asset: 'daily_revenue',
  check: passed ? 'unique(day, segment)' : 'revenue ≥ 0',
  kind: passed ? 'unique' : 'sql',
  severity,
  passed,
  message,
  failingCount: sample.length,
  failingSample: sample,
});

describe('shadowLines', () => {
  it('shows the wait for publish with each check', () => {
    expect(shadowLines({ phase: 'awaitingPublish', checks: [check(true, 'error', 'no duplicated keys')] })).toEqual([
      'Shadow: checks passed; awaiting publish (retrofill publish <id>)',
      '  ✓ error daily_revenue unique(day, segment): no duplicated keys',
    ]);
  });

  it('shows why it was not published, with an example failing row', () => {
    const failed = check(false, 'error', '2 rows returned', [{ day: '2023-01-02', revenue: -3 }, { day: '2023-01-05', revenue: -1 }]);
    expect(shadowLines({ phase: 'notPublished', reason: 'blocking check failed: daily_revenue revenue ≥ 0', checks: [failed] })).toEqual([
      'Shadow: not published: blocking check failed: daily_revenue revenue ≥ 0',
      '  ✗ error daily_revenue revenue ≥ 0: 2 rows returned — e.g. {"day":"2023-01-02","revenue":-3}',
    ]);
  });

  it('shows what publish replaced and until when it can be rolled back', () => {
    const publication = {
      backfillId: 'bf',
      publishedAt: '2026-12-03T10:00:00.000Z',
      keepReplacedUntil: '2026-12-10T10:00:00.000Z',
      ms: 120,
      assets: [{ asset: 'daily_revenue', partitions: 90, rowsReplaced: 270, rowsPublished: 268 }],
    };
    expect(shadowLines({ phase: 'published', checks: [], publication })).toEqual([
      'Shadow: published',
      '  published 1 asset, 90 partitions',
      '    daily_revenue: 90 partitions, 270 rows replaced by 268',
      '  replaced rows kept for rollback until 2026-12-10T10:00:00.000Z',
    ]);
  });
});

describe('formatPublication', () => {
  it('says what a rollback put back', () => {
    const assets = [
      { asset: 'daily_revenue', partitions: 90, rowsReplaced: 270, rowsPublished: 268 },
      { asset: 'monthly_revenue', partitions: 3, rowsReplaced: 9, rowsPublished: 9 },
    ];
    expect(formatPublication('rolled back', assets)).toBe(
      [
        'rolled back 2 assets, 93 partitions',
        '  daily_revenue: 90 partitions, 268 rows replaced by the 270 from before',
        '  monthly_revenue: 3 partitions, 9 rows replaced by the 9 from before',
      ].join('\n'),
    );
  });
});
