/**
 * CPU time from Linux /proc, to tell which process bounds a run: on a machine
 * with few cores, a partition can take no less wall time than the CPU the
 * worker, the Temporal server and PostgreSQL spend on it, divided by the cores.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's counters (`getconf CLK_TCK`, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** The fields of /proc/<pid>/stat after the command name (which is in parentheses and may contain spaces). */
function statFields(pid: number | 'self'): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

const ticksToMs = (ticks: number) => (ticks * 1000) / TICKS_PER_SECOND;

/** User + system CPU a process has used so far, in ms; undefined where /proc does not tell. */
export function processCpuMs(pid: number | 'self'): number | undefined {
  const fields = statFields(pid);
  return fields && ticksToMs(Number(fields[11]) + Number(fields[12]));
}

/**
 * CPU used so far by a process and its children, those alive (e.g.
 * PostgreSQL's backends under the postmaster) and those it has reaped, in ms.
 */
export function processFamilyCpuMs(pid: number): number | undefined {
  const own = statFields(pid);
  if (!own) return undefined;
  const withReaped = (f: string[]) => Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
  let ticks = withReaped(own);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = statFields(Number(entry));
    if (fields && Number(fields[1]) === pid) ticks += withReaped(fields);
  }
  return ticksToMs(ticks);
}

/** The parent of a process (e.g. the postmaster of a PostgreSQL backend), from /proc. */
export function parentPid(pid: number): number | undefined {
  const fields = statFields(pid);
  return fields && Number(fields[1]);
}

/** CPU the whole machine has spent busy so far (all cores, not idle or waiting on I/O), in ms. */
export function machineBusyCpuMs(): number | undefined {
  try {
    const [user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    return ticksToMs(user! + nice! + system! + irq! + softirq! + steal!);
  } catch {
    return undefined;
  }
}

/** CPU used between two readings, per process or for the machine. */
export interface CpuSpent {
  workerMs?: number;
  temporalServerMs?: number;
  /** The PostgreSQL server: postmaster and backends. */
  postgresMs?: number;
  /** Everything else busy on the machine (another user's work shows here). */
  otherMs?: number;
}

/** The processes whose CPU is counted apart. */
export interface CountedProcesses {
  temporalServerPid?: number;
  postgresPid?: number;
  /** A worker in a process of its own; without it, the bench process itself is the worker. */
  workerPid?: number;
}

/** Starts counting; the returned function gives what was spent since. */
export function startCpuCount({ temporalServerPid, postgresPid, workerPid }: CountedProcesses): () => CpuSpent {
  const read = () => ({
    worker: processCpuMs(workerPid ?? 'self'),
    server: temporalServerPid === undefined ? undefined : processCpuMs(temporalServerPid),
    postgres: postgresPid === undefined ? undefined : processFamilyCpuMs(postgresPid),
    machine: machineBusyCpuMs(),
  });
  const before = read();
  return () => {
    const after = read();
    const diff = (a?: number, b?: number) => (a === undefined || b === undefined ? undefined : a - b);
    const workerMs = diff(after.worker, before.worker);
    const temporalServerMs = diff(after.server, before.server);
    const postgresMs = diff(after.postgres, before.postgres);
    const machineMs = diff(after.machine, before.machine);
    const otherMs = machineMs === undefined ? undefined : machineMs - (workerMs ?? 0) - (temporalServerMs ?? 0) - (postgresMs ?? 0);
    return { workerMs, temporalServerMs, postgresMs, otherMs };
  };
}
