/**
 * Process and port checks for the `retrofill dev` test (Linux, from /proc):
 * what a process started, whether it still runs, whether a port still listens.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';

/** State and parent of a process from /proc/<pid>/stat, or undefined once it is gone. */
function stat(pid: number): { state: string; ppid: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name, in parentheses, may hold spaces: the fields that follow are counted from its end.
    const [state, ppid] = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state: state!, ppid: Number(ppid) };
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
