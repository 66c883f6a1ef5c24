/**
 * CPU time from Linux /proc, to tell which process bounds a run: on a machine
 * with few cores, a partition can take no less wall time than the CPU the
 * worker, the Temporal server and PostgreSQL spend on it, divided by the cores.
 */
import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's counters (`getconf CLK_TCK`, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** User + system CPU a process has used so far, in ms; undefined where /proc does not tell. */
export function processCpuMs(pid: number | 'self'): number | undefined {
  try {
    // Fields after the command name, which is in parentheses and may contain spaces.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** CPU the whole machine has spent busy so far (all cores, not idle or waiting on I/O), in ms. */
export function machineBusyCpuMs(): number | undefined {
  try {
    const [user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    return ((user! + nice! + system! + irq! + softirq! + steal!) * 1000) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** CPU used between two readings, per process or for the machine. */
export interface CpuSpent {
  workerMs?: number;
  temporalServerMs?: number;
  /** Everything else busy on the machine: mostly PostgreSQL. */
  otherMs?: number;
}

/** Starts counting; the returned function gives what was spent since. */
export function startCpuCount(temporalServerPid: number | undefined): () => CpuSpent {
  const read = () => ({
    worker: processCpuMs('self'),
    server: temporalServerPid === undefined ? undefined : processCpuMs(temporalServerPid),
    machine: machineBusyCpuMs(),
  });
  const before = read();
  return () => {
    const after = read();
    const diff = (a?: number, b?: number) => (a === undefined || b === undefined ? undefined : a - b);
    const workerMs = diff(after.worker, before.worker);
    const temporalServerMs = diff(after.server, before.server);
    const machineMs = diff(after.machine, before.machine);
    const otherMs = machineMs === undefined ? undefined : machineMs - (workerMs ?? 0) - (temporalServerMs ?? 0);
    return { workerMs, temporalServerMs, otherMs };
  };
}
