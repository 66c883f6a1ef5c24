/** `status --asset` draws the span with materialized partitions, or --from/--to, and says what it leaves out. */
import { describe, expect, it } from 'vitest';
import { assetSpan } from '../../cli/views/asset-span';
import type { AssetStatusView } from '../../cli/views/partition-grid';
import { partitionKeys, type PartitionsDef } from '../../core/partitions/partitions-def';
import type { PartitionStatusEntry } from '../../core/status/asset-status';

const DAILY: PartitionsDef = { kind: 'time', granularity: 'daily', start: '2010-01-01' };
const NOW = Date.UTC(2024, 11, 1);
const keys = partitionKeys(DAILY, NOW);
/** An asset with no end: materialized over 2012–2015 only, missing before and after. */
const entries: PartitionStatusEntry[] = keys.map((key) =>
  key >= '2012-01-01' && key <= '2015-12-31' ? { key, status: 'materialized', reason: '' } : { key, status: 'missing', reason: 'never materialized' },
);
const view: AssetStatusView = { asset: 'weather_daily', codeVersion: '1', partitions: DAILY, entries };

describe('assetSpan', () => {
  it('by default draws the span holding materialized partitions and says what is left out', () => {
    const { view: shown, notice } = assetSpan(view);
    expect(shown.entries).toHaveLength(1461);
    expect(notice).toBe(`Showing 2012-01-01 … 2015-12-31: 1461 of ${keys.length} partitions (the span with materialized partitions; --from/--to for others)`);
  });

  it('draws --from/--to, inclusive, even where nothing is materialized', () => {
    const { view: shown, notice } = assetSpan(view, { from: '2016-01', to: '2016-02' });
    expect(shown.entries.map((e) => e.key)).toEqual(partitionKeys(DAILY, NOW, { start: Date.UTC(2016, 0, 1), end: Date.UTC(2016, 2, 1) }));
    expect(notice).toBe(`Showing 2016-01-01 … 2016-02-29: 60 of ${keys.length} partitions (--from/--to)`);
  });

  it('draws everything, with no notice, when nothing is materialized yet or all of it is in the span', () => {
    const none = { ...view, entries: entries.map((e) => ({ ...e, status: 'missing' as const })) };
    expect(assetSpan(none)).toEqual({ view: none });
    const static_ = { ...view, partitions: { kind: 'static', keys: ['eu', 'us'] } as PartitionsDef, entries: [{ key: 'eu', status: 'missing', reason: '' }] as PartitionStatusEntry[] };
    expect(assetSpan(static_)).toEqual({ view: static_ });
  });
});
