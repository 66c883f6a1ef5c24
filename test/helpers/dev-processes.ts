/**
 * Process and port checks for the `retrofill dev` test (Linux, from /proc):
 * what a process started, whether it still runs, whether a port still listens.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';

/** State, parent and start time (clock ticks after boot) of a process from /proc/<pid>/stat, or undefined once it is gone. */
function stat(pid: number): { state: string; ppid: number; startTicks: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name, in parentheses, may hold spaces: the fields that follow (the 3rd on) are counted from its end.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0]!, ppid: Number(fields[1]), startTicks: Number(fields[19]) };
  } catch {
    return undefined;
  }
}

/** Every process below `pid`: children, their children, and so on. */
export function descendantPids(pid: number): number[] {
  const byParent = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const parent = stat(Number(name))?.ppid;
    if (parent !== undefined) byParent.set(parent, [...(byParent.get(parent) ?? []), Number(name)]);
  }
  const below = (p: number): number[] => (byParent.get(p) ?? []).flatMap((child) => [child, ...below(child)]);
  return below(pid);
}

/** True while the process exists and is not a zombie (dead, waiting to be reaped). */
export function isRunning(pid: number): boolean {
  const s = stat(pid);
  return s !== undefined && s.state !== 'Z';
}

/**
 * A process as it is now: its pid and when it started. Under a busy machine's
 * churn a pid is soon reused; the start time tells the process from a later one.
 */
export interface ProcessRef {
  pid: number;
  startTicks: number;
}

/** The processes below `pid` (descendantPids), each with its start time. */
export function descendants(pid: number): ProcessRef[] {
  return descendantPids(pid).flatMap((p) => {
    const s = stat(p);
    return s ? [{ pid: p, startTicks: s.startTicks }] : [];
  });
}

/** True while that very process runs: not a zombie, and its pid not taken since by another. */
export function stillRunning({ pid, startTicks }: ProcessRef): boolean {
  const s = stat(pid);
  return s !== undefined && s.state !== 'Z' && s.startTicks === startTicks;
}

/** The command line of a process, as its arguments; empty once it is gone. */
export function commandLine(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return [];
  }
}

/** True when something accepts TCP connections on 127.0.0.1:`port` (within 2 s). */
export function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const done = (listening: boolean) => {
      socket.destroy();
      resolve(listening);
    };
    socket.setTimeout(2_000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
