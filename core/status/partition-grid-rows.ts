/**
 * Where each partition of an asset sits in the status grid: which row (an hour
 * of minute partitions, a month of daily ones, a day of hourly ones, a year of
 * monthly ones, 40 static keys) and which column, so the same day, hour or month lines up across rows.
 */
import { UNPARTITIONED_KEY, type PartitionsDef } from '../partitions/partitions-def';
import { nextPartitionStart, parseKey, type TimeGranularity } from '../partitions/time-granularity';

/** One grid row: its label and, per column, the index of the entry shown there (undefined: blank). */
export interface GridRow {
  label: string;
  cells: Array<number | undefined>;
}

/** The rows, plus the entry indexes in display order (the order reasons are listed in). */
export interface GridRows {
  rows: GridRow[];
  /** Columns per row, and a gap after every `group` columns to help the eye count. */
  width: number;
  group: number;
  order: number[];
}

/** A static row's width: enough to be compact, short enough for an 80-column terminal. */
const STATIC_WIDTH = 40;
const DAY_MS = 86_400_000;

interface Slot {
  index: number;
  label: string;
  column: number;
  /** Display order: a UTC key (fixed width, so it sorts as time does) or a static key's position. */
  rank: string | number;
}

interface Layout {
  width: number;
  group: number;
  slot(key: string, index: number): Slot | undefined;
}

function layoutOf(def: PartitionsDef): Layout {
  if (def.kind === 'unpartitioned') {
    return { width: 1, group: 1, slot: (key, index) => (key === UNPARTITIONED_KEY ? { index, label: key, column: 0, rank: 0 } : undefined) };
  }
  if (def.kind === 'static') {
    const position = new Map(def.keys.map((k, i) => [k, i]));
    return {
      width: STATIC_WIDTH,
      group: 10,
      slot: (key, index) => {
        const rank = position.get(key);
        if (rank === undefined) return undefined;
        const first = rank - (rank % STATIC_WIDTH);
        const label = `${first + 1}-${Math.min(first + STATIC_WIDTH, def.keys.length)}`;
        return { index, label, column: rank % STATIC_WIDTH, rank };
      },
    };
  }
  const granularity = def.granularity;
  if (granularity === 'minutely') return minuteGrid(def.every ?? 1);
  // Keys are fixed-width UTC text (`2024-03-01T05`): label and column are slices of it.
  const [labelEnd, columnAt, firstColumn, width, group] =
    granularity === 'hourly' ? [10, 11, 0, 24, 6] : granularity === 'daily' ? [7, 8, 1, 31, 10] : [4, 5, 1, 12, 3];
  const shape = SHAPES[granularity];
  // Validating each key with parseKey costs a Date per key; a period's length, cached per label, is as strict.
  const lengths = new Map<string, number>();
  const lengthOf = (label: string): number => {
    let n = lengths.get(label);
    if (n === undefined) lengths.set(label, (n = periodLength(granularity, label)));
    return n;
  };
  return {
    width,
    group,
    slot: (key, index) => {
      if (!shape.test(key)) return undefined;
      const label = key.slice(0, labelEnd);
      const column = Number(key.slice(columnAt, columnAt + 2)) - firstColumn;
      return column >= 0 && column < lengthOf(label) ? { index, label, column, rank: key } : undefined;
    },
  };
}

/** Minute partitions: a row per hour (`2024-03-01T05`), a column per step. */
function minuteGrid(every: number): Layout {
  const width = 60 / every;
  const hours = new Map<string, boolean>();
  const isHour = (label: string): boolean => {
    let ok = hours.get(label);
    if (ok === undefined) hours.set(label, (ok = parseKey('hourly', label) !== undefined));
    return ok;
  };
  return {
    width,
    // Gaps every quarter hour, or the shortest span of whole minutes the step divides.
    group: ([15, 10, 20, 30, 60].find((span) => span % every === 0) ?? 60) / every,
    slot: (key, index) => {
      if (!SHAPES.minutely.test(key)) return undefined;
      const label = key.slice(0, 13);
      const minute = Number(key.slice(14, 16));
      return minute % every === 0 && minute < 60 && isHour(label) ? { index, label, column: minute / every, rank: key } : undefined;
    },
  };
}

const SHAPES: Record<TimeGranularity, RegExp> = {
  minutely: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/,
  hourly: /^\d{4}-\d{2}-\d{2}T\d{2}$/,
  daily: /^\d{4}-\d{2}-\d{2}$/,
  monthly: /^\d{4}-\d{2}$/,
};

/** Partitions in the row labelled `label` (a day, month or year); 0 when it is no such period. */
function periodLength(granularity: TimeGranularity, label: string): number {
  if (granularity === 'monthly') return parseKey('monthly', `${label}-01`) === undefined ? 0 : 12;
  const start = parseKey(granularity === 'hourly' ? 'daily' : 'monthly', label);
  if (start === undefined) return 0;
  return granularity === 'hourly' ? 24 : (nextPartitionStart('monthly', start) - start) / DAY_MS;
}

/**
 * Places `keys` (of partitions of `def`) in grid rows, oldest first. Keys that
 * are not partitions of `def` are not dropped: they follow in rows labelled
 * `other`, in the order given. O(n log n) in the number of keys.
 */
export function gridRows(def: PartitionsDef, keys: readonly string[]): GridRows {
  const layout = layoutOf(def);
  const slots: Slot[] = [];
  const others: number[] = [];
  keys.forEach((key, index) => {
    const slot = layout.slot(key, index);
    if (slot) slots.push(slot);
    else others.push(index);
  });
  // Callers usually pass keys oldest first: skip the sort then.
  const before = (a: Slot, b: Slot) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : a.index - b.index);
  if (slots.some((s, i) => i > 0 && before(slots[i - 1]!, s) > 0)) slots.sort(before);
  others.forEach((index, i) => {
    slots.push({ index, label: 'other', column: i % layout.width, rank: 0 });
  });

  const rows: GridRow[] = [];
  let row: GridRow | undefined;
  for (const slot of slots) {
    // A full `other` row, or a new label, starts a new row.
    if (!row || row.label !== slot.label || (slot.label === 'other' && slot.column === 0)) {
      row = { label: slot.label, cells: new Array<number | undefined>(layout.width).fill(undefined) };
      rows.push(row);
    }
    row.cells[slot.column] = slot.index;
  }
  return { rows, width: layout.width, group: layout.group, order: slots.map((s) => s.index) };
}
