/**
 * A `retrofill worker` child process: a fresh process imports the assets
 * module afresh, which is what makes a reload of `retrofill dev` real.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { settlesWithin } from './settles-within';

export interface WorkerChildOptions {
  /** Arguments of the Node executable: the `retrofill` script, `worker` and its options. */
  args: string[];
  env: NodeJS.ProcessEnv;
  /** Receives each line the worker prints, on either stream. */
  onLine: (line: string, stream: 'stdout' | 'stderr') => void;
}

/** How a worker child's start ended: running, or exited first. */
export type WorkerStart = { running: true } | { running: false; exit: string };

export interface WorkerChild {
  pid: number | undefined;
  /** Settles when the worker says it runs, or when it exits before that. */
  started: Promise<WorkerStart>;
  /** Settles when the process has exited, with how it ended (`code 1`, `SIGKILL`). */
  exited: Promise<string>;
  /** SIGTERM (the worker drains and exits), then SIGKILL when it has not exited in time. */
  stop(): Promise<void>;
}

/** What `retrofill worker` prints once connected, just before it polls. */
const RUNNING_LINE = /^Retrofill worker: /;
const TERM_MS = 10_000;
const KILL_MS = 5_000;

/** Spawns the worker; output lines go to `onLine` as they come. */
export function startWorkerChild(options: WorkerChildOptions): WorkerChild {
  const child = spawn(process.execPath, options.args, { env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let running!: () => void;
  const exited = new Promise<string>((resolve) => {
    // 'close', not 'exit': the worker's last lines (why it failed) are read by then.
    child.once('close', (code, signal) => resolve(signal ?? `code ${code}`));
    // Only when the spawn itself fails, without an 'exit' to follow.
    child.once('error', (error) => resolve(error.message));
  });
  const started = Promise.race([
    new Promise<WorkerStart>((resolve) => (running = () => resolve({ running: true }))),
    exited.then((exit): WorkerStart => ({ running: false, exit })),
  ]);
  for (const stream of ['stdout', 'stderr'] as const) {
    createInterface({ input: child[stream] }).on('line', (line) => {
      if (stream === 'stdout' && RUNNING_LINE.test(line)) running();
      options.onLine(line, stream);
    });
  }
  const hasExited = () => child.exitCode !== null || child.signalCode !== null;
  return {
    pid: child.pid,
    started,
    exited,
    async stop() {
      if (child.pid === undefined || hasExited()) return;
      child.kill('SIGTERM');
      if (await settlesWithin(exited, TERM_MS)) return;
      child.kill('SIGKILL');
      await settlesWithin(exited, KILL_MS);
    },
  };
}
