/** The bench's table for people and its JSON for the record. */

export interface BenchRow {
  case: string;
  partitions: number;
  ms: number;
  /** Extra columns, already formatted. */
  notes?: string;
}

export function formatTable(rows: BenchRow[]): string {
  const header = ['case', 'partitions', 'seconds', 'ms/partition', 'notes'];
  const cells = rows.map((r) => [
    r.case,
    String(r.partitions),
    (r.ms / 1000).toFixed(2),
    r.partitions > 0 ? (r.ms / r.partitions).toFixed(2) : '-',
    r.notes ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((v, i) => (i === 0 || i === 4 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  ');
  return [line(header), ...cells.map(line)].join('\n');
}

/** `1.23×`, or `-` when either side is missing. */
export function ratio(a: number | undefined, b: number | undefined): string {
  return a === undefined || b === undefined || b === 0 ? '-' : `${(a / b).toFixed(2)}×`;
}
