import { describe, expect, it } from 'vitest';
import { renderPartitionGrid, type AssetStatusView, type PartitionStatusEntry } from '../../cli/views/partition-grid';
import { partitionKeys, type PartitionsDef } from '../../core/partitions/partitions-def';
import type { PartitionStatus } from '../../core/status/partition-status';

const STALE_CODE = 'code version 2 ≠ 1 it was materialized with';
const plain = { colour: false };

/** Every partition of `def` at `now`, materialized unless `overrides` says otherwise. */
function view(def: PartitionsDef, now: string, overrides: Record<string, [PartitionStatus, string]> = {}): AssetStatusView {
  const entries = partitionKeys(def, Date.parse(now)).map((key): PartitionStatusEntry => {
    const [status, reason] = overrides[key] ?? ['materialized', ''];
    return { key, status, reason };
  });
  return { asset: 'events', codeVersion: '2', partitions: def, entries };
}

/** `status` with `reason` for each key from `first` to `last` of a daily asset. */
function days(from: number, to: number, month: string, status: PartitionStatus, reason: string) {
  const out: Record<string, [PartitionStatus, string]> = {};
  for (let d = from; d <= to; d++) out[`${month}-${String(d).padStart(2, '0')}`] = [status, reason];
  return out;
}

describe('partition grid', () => {
  it('draws daily partitions a month per row, day 1 in column 1, blank before the start and after now', () => {
    const v = view({ kind: 'time', granularity: 'daily', start: '2024-02-10' }, '2024-03-26T08:00:00Z', {
      ...days(1, 10, '2024-03', 'stale', STALE_CODE),
      '2024-02-20': ['failed', 'failed: connection reset'],
      ...days(22, 25, '2024-03', 'missing', 'never materialized'),
    });
    // The order entries come in does not matter.
    v.entries = [...v.entries].reverse();
    expect(renderPartitionGrid(v, plain)).toMatchInlineSnapshot(`
      "Asset events: code version 2, daily from 2024-02-10, 45 partitions
      2024-02          # #########x #########
      2024-03 ~~~~~~~~~~ ########## #....

      # materialized 30  ~ stale 10  x failed 1  . missing 4
      x 2024-02-20                    failed: connection reset
      ~ 2024-03-01 … 2024-03-10 (10)  stale: code version 2 ≠ 1 it was materialized with
      . 2024-03-22 … 2024-03-25 (4)   missing: never materialized"
    `);
  });

  it('draws hourly partitions a day per row, hour 0 in column 1', () => {
    const v = view({ kind: 'time', granularity: 'hourly', start: '2024-03-01T20' }, '2024-03-02T06:30:00Z', {
      '2024-03-02T02': ['failed', 'failed: timeout'],
    });
    expect(renderPartitionGrid(v, plain)).toMatchInlineSnapshot(`
      "Asset events: code version 2, hourly from 2024-03-01T20, 10 partitions
      2024-03-01                        ####
      2024-03-02 ##x###

      # materialized 9  ~ stale 0  x failed 1  . missing 0
      x 2024-03-02T02  failed: timeout"
    `);
  });

  it('draws monthly partitions a year per row, January in column 1, and names the end', () => {
    const v = view({ kind: 'time', granularity: 'monthly', start: '2023-11', end: '2024-03' }, '2024-06-01T00:00:00Z', {
      '2024-01': ['stale', 'upstream raw_events/2024-01 changed'],
    });
    expect(renderPartitionGrid(v, plain)).toMatchInlineSnapshot(`
      "Asset events: code version 2, monthly from 2023-11, ending before 2024-03, 4 partitions
      2023              ##
      2024 ~#

      # materialized 3  ~ stale 1  x failed 0  . missing 0
      ~ 2024-01  stale: upstream raw_events/2024-01 changed"
    `);
  });

  it('draws static partitions 40 to a row, in the order they are defined', () => {
    const keys = Array.from({ length: 45 }, (_, i) => `shard-${String(i + 1).padStart(2, '0')}`);
    const v = view({ kind: 'static', keys }, '2024-01-01T00:00:00Z', {
      'shard-03': ['missing', 'never materialized'],
      'shard-44': ['missing', 'never materialized'],
    });
    expect(renderPartitionGrid(v, plain)).toMatchInlineSnapshot(`
      "Asset events: code version 2, static, 45 partitions
      1-40  ##.####### ########## ########## ##########
      41-45 ###.#

      # materialized 43  ~ stale 0  x failed 0  . missing 2
      . shard-03  missing: never materialized
      . shard-44  missing: never materialized"
    `);
  });

  it('draws an unpartitioned asset as one cell', () => {
    const v = view({ kind: 'unpartitioned' }, '2024-01-01T00:00:00Z');
    expect(renderPartitionGrid(v, plain)).toMatchInlineSnapshot(`
      "Asset events: code version 2, unpartitioned, 1 partition
      all #

      # materialized 1  ~ stale 0  x failed 0  . missing 0"
    `);
  });

  it('says so when no partition is complete yet', () => {
    const v = view({ kind: 'time', granularity: 'daily', start: '2024-03-01' }, '2024-03-01T12:00:00Z');
    expect(renderPartitionGrid(v, plain)).toBe(
      ['Asset events: code version 2, daily from 2024-03-01, 0 partitions', '(no partitions yet)', '', '# materialized 0  ~ stale 0  x failed 0  . missing 0'].join('\n'),
    );
  });

  it('keeps entries that are not partitions of the asset, in an `other` row', () => {
    const v = view({ kind: 'time', granularity: 'daily', start: '2024-02-28' }, '2024-03-02T00:00:00Z');
    const bogus = ['2024-02-30', '2024-13-01', '2024-03-01T05', 'yesterday'];
    v.entries = [...v.entries, ...bogus.map((key) => ({ key, status: 'failed' as const, reason: 'failed: not a partition' }))];
    expect(renderPartitionGrid(v, plain)).toMatchInlineSnapshot(`
      "Asset events: code version 2, daily from 2024-02-28, 7 partitions
      2024-02                              ##
      2024-03 #
      other   xxxx

      # materialized 3  ~ stale 0  x failed 4  . missing 0
      x 2024-02-30 … yesterday (4)  failed: not a partition"
    `);
  });

  it('colours a ■ per status with ANSI codes, in the grid and the legend', () => {
    const v = view({ kind: 'static', keys: ['eu', 'us', 'ap', 'sa'] }, '2024-01-01T00:00:00Z', {
      us: ['stale', STALE_CODE],
      ap: ['failed', 'failed: timeout'],
      sa: ['missing', 'never materialized'],
    });
    const [header, row, blank, legend] = renderPartitionGrid(v, { colour: true }).split('\n');
    expect(header).toBe('Asset events: code version 2, static, 4 partitions');
    expect(row).toBe('1-4 \x1b[32m■\x1b[0m\x1b[33m■\x1b[0m\x1b[31m■\x1b[0m\x1b[90m■\x1b[0m');
    expect(blank).toBe('');
    expect(legend).toBe('\x1b[32m■\x1b[0m materialized 1  \x1b[33m■\x1b[0m stale 1  \x1b[31m■\x1b[0m failed 1  \x1b[90m■\x1b[0m missing 1');
  });

  it('opens one colour per run of equal cells and closes it before a blank', () => {
    const v = view({ kind: 'static', keys: ['a', 'b', 'c', 'd', 'e'] }, '2024-01-01T00:00:00Z', { d: ['stale', STALE_CODE], e: ['stale', STALE_CODE] });
    v.entries = v.entries.filter((e) => e.key !== 'c');
    const row = renderPartitionGrid(v, { colour: true }).split('\n')[1];
    expect(row).toBe('1-5 \x1b[32m■■\x1b[0m \x1b[33m■■\x1b[0m');
  });
});

describe('partition grid reasons', () => {
  const reasons = (v: AssetStatusView, maxReasonLines?: number) => renderPartitionGrid(v, { colour: false, maxReasonLines }).split('\n').slice(4);
  const def: PartitionsDef = { kind: 'time', granularity: 'daily', start: '2024-03-01' };

  it('collapses neighbours with the same status and reason, and splits runs at any change', () => {
    const v = view(def, '2024-03-13T00:00:00Z', {
      ...days(1, 3, '2024-03', 'stale', STALE_CODE),
      ...days(4, 5, '2024-03', 'stale', 'upstream raw/2024-03-05 changed'),
      // 6 is materialized: 7 starts a new run with the same reason.
      ...days(7, 7, '2024-03', 'stale', 'upstream raw/2024-03-05 changed'),
      ...days(8, 9, '2024-03', 'failed', 'failed: timeout'),
      ...days(10, 12, '2024-03', 'missing', 'never materialized'),
    });
    expect(reasons(v)).toEqual([
      '~ 2024-03-01 … 2024-03-03 (3)  stale: code version 2 ≠ 1 it was materialized with',
      '~ 2024-03-04 … 2024-03-05 (2)  stale: upstream raw/2024-03-05 changed',
      '~ 2024-03-07                   stale: upstream raw/2024-03-05 changed',
      'x 2024-03-08 … 2024-03-09 (2)  failed: timeout',
      '. 2024-03-10 … 2024-03-12 (3)  missing: never materialized',
    ]);
  });

  it('lists at most maxReasonLines runs, then how many more runs and partitions', () => {
    // Failed on odd days, materialized on even: 16 runs of one partition each.
    const odd: Record<string, [PartitionStatus, string]> = {};
    for (let d = 1; d <= 31; d += 2) odd[`2024-03-${String(d).padStart(2, '0')}`] = ['failed', 'failed: timeout'];
    const lines = reasons(view(def, '2024-04-01T00:00:00Z', odd), 3);
    expect(lines).toEqual([
      'x 2024-03-01  failed: timeout',
      'x 2024-03-03  failed: timeout',
      'x 2024-03-05  failed: timeout',
      '… 13 more lines, 13 partitions (--all)',
    ]);
    // Under the default of 20, all 16 are listed.
    expect(reasons(view(def, '2024-04-01T00:00:00Z', odd))).toHaveLength(16);
  });

  it('renders 100,000 hourly partitions, a row per day', () => {
    const v = view({ kind: 'time', granularity: 'hourly', start: '2010-01-01T00' }, '2021-05-29T16:00:00Z', {
      '2015-06-01T03': ['failed', 'failed: timeout'],
    });
    expect(v.entries).toHaveLength(100_000);
    const lines = renderPartitionGrid(v, plain).split('\n');
    expect(lines).toHaveLength(1 + Math.ceil(100_000 / 24) + 2 + 1);
    expect(lines.at(-1)).toBe('x 2015-06-01T03  failed: timeout');
  });
});
