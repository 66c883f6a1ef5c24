/** The bench's table for people and its JSON for the record. */
import type { CpuSpent } from './cpu-time';

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

/**
 * CPU per partition by process, e.g. `CPU per partition: worker 9.1 ms,
 * Temporal 12.3 ms, PostgreSQL 2.0 ms, other 0.1 ms`; `other` is the rest of
 * the machine (another user's work when it is large).
 */
export function cpuPerPartition(cpu: CpuSpent, partitions: number): string {
  const each = (ms?: number) => (ms === undefined ? '?' : `${(ms / partitions).toFixed(1)} ms`);
  return `CPU per partition: worker ${each(cpu.workerMs)}, Temporal ${each(cpu.temporalServerMs)}, PostgreSQL ${each(cpu.postgresMs)}, other ${each(cpu.otherMs)}`;
}

/** CPU per partition as numbers, for the JSON. */
export function cpuMsPerPartition(cpu: CpuSpent, partitions: number): Record<keyof CpuSpent, number | undefined> {
  const each = (ms?: number) => (ms === undefined ? undefined : Math.round((ms / partitions) * 10) / 10);
  return { workerMs: each(cpu.workerMs), temporalServerMs: each(cpu.temporalServerMs), postgresMs: each(cpu.postgresMs), otherMs: each(cpu.otherMs) };
}
