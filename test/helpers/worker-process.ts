/**
 * Real `retrofill worker` processes: started with `node bin/retrofill.js
 * worker` (or another command, e.g. `npx retrofill` in a user's project),
 * ready once they print "Retrofill worker:", killed with SIGKILL (no shutdown,
 * no goodbye to Temporal) and started again. Each runs in a process group of
 * its own, and signals go to the whole group, so a wrapper such as npx never
 * leaves its worker behind. Every process started here is killed when the test
 * process exits, even on failure; `killAllWorkers()` does it on demand (afterAll).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join, resolve } from 'node:path';
export const ROOT = resolve(__dirname, '../..');
const RESULTS_DIR = join(ROOT, 'test-results');
const BIN = join(ROOT, 'bin/retrofill.js');
const READY_LINE = 'Retrofill worker:';
const TAIL_CHARS = 8_000;

const live = new Set<ChildProcess>();
/** Signals the child's whole process group (it leads one: spawned detached). */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    child.kill(signal); // the group is gone already
  }
}

process.once('exit', () => {
  for (const child of live) signalGroup(child, 'SIGKILL');
});

/** How a worker process ended. */
export interface WorkerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface WorkerProcessOptions {
  /** Names the process in errors and its log file (test-results/worker-logs/<name>.log). */
  name: string;
  /** The assets module, relative to `cwd`. */
  assets: string;
  /** The program and first arguments that run `retrofill`. @default node bin/retrofill.js */
  command?: readonly string[];
  /** @default the repository's root */
  cwd?: string;
  /** DATABASE_URL, TEMPORAL_ADDRESS, RETROFILL_TASK_QUEUE, ... */
  env: Record<string, string>;
  /** `--concurrency`: partitions materialized at once by this worker. */
  concurrency?: number;
  /** @default 90 s */
  readyTimeoutMs?: number;
  /** More arguments of `retrofill worker` (e.g. `--metrics-port`). */
  args?: readonly string[];
  /** Keep everything the processes print, for `fullOutput()`. @default false (the last lines only) */
  keepOutput?: boolean;
}

export class WorkerProcess {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private lastExit: WorkerExit | undefined;
  private tail = '';
  private readonly kept = { stdout: '', stderr: '' };
  private readonly log: WriteStream;
  /** Processes started so far (the first start included). */
  starts = 0;
  /** SIGKILLs sent. */
  kills = 0;
  /** Milliseconds from spawn to the ready line, per start. */
  readonly startDurations: number[] = [];
  /** Pids of every process started, in order. */
  readonly pids: number[] = [];

  constructor(readonly options: WorkerProcessOptions) {
    const dir = join(RESULTS_DIR, 'worker-logs');
    mkdirSync(dir, { recursive: true });
    this.log = createWriteStream(join(dir, `${options.name}.log`));
  }

  get alive(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  get pid(): number | undefined {
    return this.alive ? this.child!.pid : undefined;
  }

  /** The last lines the process printed, for error messages. */
  output(): string {
    return this.tail;
  }

  /** Everything the processes printed on `stream`, with `keepOutput`. */
  fullOutput(stream: 'stdout' | 'stderr'): string {
    if (!this.options.keepOutput) throw new Error(`${this.options.name}: fullOutput() needs keepOutput`);
    return this.kept[stream];
  }

  /** Spawns the process and waits for its ready line. @returns milliseconds until ready */
  async start(): Promise<number> {
    if (this.alive) throw new Error(`${this.options.name} is already running`);
    const { assets, env, concurrency, readyTimeoutMs = 90_000, command = [process.execPath, BIN], cwd = ROOT, args: more = [] } = this.options;
    const [program, ...leading] = command;
    const args = [...leading, 'worker', '--assets', assets, ...(concurrency ? ['--concurrency', String(concurrency)] : []), ...more];
    const started = Date.now();
    const child = spawn(program!, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    this.child = child;
    this.starts++;
    if (child.pid !== undefined) this.pids.push(child.pid);
    live.add(child);
    this.lastExit = undefined;
    this.exited = new Promise<void>((done) =>
      child.once('exit', (code, signal) => {
        this.lastExit = { code, signal };
        done();
      }),
    );
    void this.exited.then(() => live.delete(child));
    this.log.write(`\n=== start ${this.starts} pid ${child.pid} at ${new Date().toISOString()}\n`);

    let seen = '';
    const ready = new Promise<void>((resolveReady, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.options.name} not ready after ${readyTimeoutMs} ms:\n${this.tail}`)), readyTimeoutMs);
      const onData = (stream: 'stdout' | 'stderr') => (d: Buffer) => {
        const text = d.toString();
        this.log.write(text);
        this.tail = (this.tail + text).slice(-TAIL_CHARS);
        if (this.options.keepOutput) this.kept[stream] += text;
        if (seen.length < 100_000) seen += text;
        if (seen.includes(READY_LINE)) {
          clearTimeout(timer);
          resolveReady();
        }
      };
      child.stdout.on('data', onData('stdout'));
      child.stderr.on('data', onData('stderr'));
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        this.log.write(`=== exit code ${code} signal ${signal} at ${new Date().toISOString()}\n`);
        reject(new Error(`${this.options.name} exited (code ${code}, signal ${signal}) before it was ready:\n${this.tail}`));
      });
    });
    try {
      await ready;
    } catch (error) {
      await this.kill9().catch(() => undefined);
      throw error;
    }
    const ms = Date.now() - started;
    this.startDurations.push(ms);
    return ms;
  }

  /** SIGKILL: the process dies at once, mid-whatever; resolves once it is gone. */
  async kill9(): Promise<void> {
    if (!this.alive) return;
    this.kills++;
    this.log.write(`=== SIGKILL at ${new Date().toISOString()}\n`);
    signalGroup(this.child!, 'SIGKILL');
    await this.exited;
  }

  /**
   * Sends `signal` to the process and waits at most `timeoutMs` for it to exit (no SIGKILL).
   * @returns how it exited and how long that took, or undefined when it is still running
   */
  async signalAndWait(signal: NodeJS.Signals, timeoutMs: number): Promise<(WorkerExit & { ms: number }) | undefined> {
    if (!this.alive) throw new Error(`${this.options.name} is not running`);
    const sent = Date.now();
    this.log.write(`=== ${signal} at ${new Date().toISOString()}\n`);
    signalGroup(this.child!, signal);
    const gone = await Promise.race([this.exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), timeoutMs))]);
    return gone ? { ...this.lastExit!, ms: Date.now() - sent } : undefined;
  }

  /** Graceful stop (SIGINT: the worker drains), SIGKILL after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    if (this.alive) {
      signalGroup(this.child!, 'SIGINT');
      const gone = await Promise.race([this.exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), graceMs))]);
      if (!gone && this.alive) {
        signalGroup(this.child!, 'SIGKILL');
        await this.exited;
      }
    }
  }
}

/** SIGKILLs every worker process still running; for afterAll, whatever happened. */
export async function killAllWorkers(): Promise<void> {
  const exits = [...live].map((child) => new Promise<void>((done) => (child.exitCode !== null || child.signalCode !== null ? done() : child.once('exit', () => done()))));
  for (const child of live) signalGroup(child, 'SIGKILL');
  await Promise.race([Promise.all(exits), new Promise((r) => setTimeout(r, 10_000))]);
}
