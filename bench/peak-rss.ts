/** Peak resident memory of a process (Linux `VmHWM`), in MB; undefined where /proc does not tell. */
import { readFileSync } from 'node:fs';

export function peakRssMb(pid: number | 'self'): number | undefined {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Math.round(Number(match[1]) / 1024) : undefined;
  } catch {
    return undefined;
  }
}
