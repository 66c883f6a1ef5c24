/** Resident memory of processes from Linux /proc, in MB; undefined where /proc does not tell. */
import { readFileSync, writeFileSync } from 'node:fs';

function statusKb(pid: number | 'self', field: 'VmRSS' | 'VmHWM'): number | undefined {
  try {
    const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Math.round(Number(match[1]) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

/** Resident memory now (`VmRSS`). */
export const rssMb = (pid: number | 'self') => statusKb(pid, 'VmRSS');

/** Highest resident memory since the process started or since `resetPeakRss` (`VmHWM`). */
export const peakRssMb = (pid: number | 'self') => statusKb(pid, 'VmHWM');

/** Starts a process's peak anew from its current RSS (Linux `clear_refs` 5), to measure one case. @returns false when refused. */
export function resetPeakRss(pid: number | 'self' = 'self'): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}
