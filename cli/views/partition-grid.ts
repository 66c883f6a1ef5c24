/**
 * Turns one asset's partition statuses into what `retrofill status --asset`
 * prints: a header, a grid with one cell per partition, a legend with counts
 * and the reasons of the partitions that are not materialized. Pure, so it is
 * unit-tested with golden strings; the command only prints the result.
 */
import type { PartitionsDef } from '../../core/partitions/partitions-def';
import type { PartitionStatusEntry } from '../../core/status/asset-status';
import type { PartitionStatus } from '../../core/status/partition-status';

export type { PartitionStatusEntry };
import { gridRows } from '../../core/status/partition-grid-rows';
import { cadenceName } from '../../core/partitions/time-granularity';
import { mergedReason } from '../../core/selection/reason-ranges';
import { moreLines } from './plan-view';

/** What the grid shows of one asset. */
export interface AssetStatusView {
  asset: string;
  codeVersion: string;
  partitions: PartitionsDef;
  /**
   * One entry per partition that exists now (`partitionKeys(def, now)`), in any
   * order. Grid positions without an entry (before the start, after now) are blank.
   */
  entries: readonly PartitionStatusEntry[];
}

/** How to render the grid. */
export interface PartitionGridOptions {
  /** ANSI-coloured `■` cells for a terminal; otherwise distinct characters, readable in logs. */
  colour: boolean;
  /**
   * Most runs of reasons listed (Infinity: all, `status --asset --all`); the rest are summed up in one `… N more lines, P partitions (--all)` line.
   * @default 20
   */
  maxReasonLines?: number;
}

/** Legend order: done first, then from least to most alarming, then not started. */
const STATUSES: readonly PartitionStatus[] = ['materialized', 'stale', 'failed', 'missing'];
const PLAIN: Record<PartitionStatus, string> = { materialized: '#', stale: '~', failed: 'x', missing: '.' };
const ANSI: Record<PartitionStatus, string> = {
  materialized: '\x1b[32m',
  stale: '\x1b[33m',
  failed: '\x1b[31m',
  missing: '\x1b[90m',
};
const RESET = '\x1b[0m';
const CELL = '■';

const symbol = (status: PartitionStatus, colour: boolean): string => (colour ? `${ANSI[status]}${CELL}${RESET}` : PLAIN[status]);

/**
 * The asset's status as terminal text, lines joined by `\n`, no trailing newline.
 * Linear in the entries apart from one sort, so 100,000 partitions render quickly.
 */
export function renderPartitionGrid(view: AssetStatusView, options: PartitionGridOptions): string {
  const { entries } = view;
  const keys = entries.map((e) => e.key);
  const { rows, group, order } = gridRows(view.partitions, keys);
  const labelWidth = rows.reduce((w, r) => Math.max(w, r.label.length), 0);
  const grid = rows.map((r) => {
    const statuses = r.cells.map((i) => (i === undefined ? undefined : entries[i]!.status));
    return `${r.label.padEnd(labelWidth)} ${cellsText(statuses, group, options.colour)}`.trimEnd();
  });
  return [
    headerLine(view),
    ...(grid.length > 0 ? grid : ['(no partitions yet)']),
    '',
    legendLine(entries, options.colour),
    ...reasonLines(order.map((i) => entries[i]!), options),
  ].join('\n');
}

/** `Asset raw_events: code version 2, daily from 2024-01-01, 90 partitions`. */
function headerLine(view: AssetStatusView): string {
  const def = view.partitions;
  const partitioning = def.kind === 'time' ? `${cadenceName(def)} from ${def.start}${def.end ? `, ending before ${def.end}` : ''}` : def.kind;
  const n = view.entries.length;
  return `Asset ${view.asset}: code version ${view.codeVersion}, ${partitioning}, ${n} partition${n === 1 ? '' : 's'}`;
}

/** One row's cells, a space between groups; in colour, one escape per run of equal cells. */
function cellsText(cells: ReadonlyArray<PartitionStatus | undefined>, group: number, colour: boolean): string {
  let out = '';
  let open: PartitionStatus | undefined;
  cells.forEach((status, column) => {
    if (column > 0 && column % group === 0) out += ' ';
    if (!colour) {
      out += status === undefined ? ' ' : PLAIN[status];
      return;
    }
    if (status !== open) out += status === undefined ? RESET : `${open === undefined ? '' : RESET}${ANSI[status]}`;
    open = status;
    out += status === undefined ? ' ' : CELL;
  });
  return open === undefined ? out : out + RESET;
}

/** `# materialized 80  ~ stale 3  x failed 1  . missing 6`. */
function legendLine(entries: readonly PartitionStatusEntry[], colour: boolean): string {
  const counts = new Map<PartitionStatus, number>(STATUSES.map((s) => [s, 0]));
  for (const e of entries) counts.set(e.status, (counts.get(e.status) ?? 0) + 1);
  return STATUSES.map((s) => `${symbol(s, colour)} ${s} ${counts.get(s)}`).join('  ');
}

interface Run {
  first: string;
  last: string;
  count: number;
  status: PartitionStatus;
  reason: string;
}

/**
 * The partitions that need work, in grid order, a run of neighbours with the
 * same status and reason on one line:
 * `~ 2024-03-01 … 2024-03-10 (10)  stale: code version 2 ≠ 1 it was materialized with`.
 */
function reasonLines(ordered: readonly PartitionStatusEntry[], options: PartitionGridOptions): string[] {
  const runs: Run[] = [];
  let run: Run | undefined;
  for (const e of ordered) {
    if (e.status === 'materialized') {
      run = undefined;
    } else if (run && run.status === e.status && mergedReason(run.reason, e.reason) !== undefined) {
      run.reason = mergedReason(run.reason, e.reason)!;
      run.last = e.key;
      run.count += 1;
    } else {
      run = { first: e.key, last: e.key, count: 1, status: e.status, reason: e.reason };
      runs.push(run);
    }
  }
  const max = options.maxReasonLines ?? 20;
  const shown = runs.slice(0, max);
  const ranges = shown.map((r) => (r.count === 1 ? r.first : `${r.first} … ${r.last} (${r.count})`));
  const width = Math.max(0, ...ranges.map((r) => r.length));
  const lines = shown.map((r, i) => `${symbol(r.status, options.colour)} ${ranges[i]!.padEnd(width)}  ${why(r)}`);
  const hidden = runs.slice(shown.length);
  if (hidden.length > 0) {
    const partitions = hidden.reduce((sum, r) => sum + r.count, 0);
    lines.push(moreLines(hidden.length, partitions));
  }
  return lines;
}

/** `stale: <reason>`; failure reasons already start with `failed:`, so they are not prefixed twice. */
function why({ status, reason }: Run): string {
  if (reason === '') return status;
  return reason.startsWith(`${status}:`) ? reason : `${status}: ${reason}`;
}
