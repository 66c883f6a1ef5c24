/** A `retrofill dev` process for the tests: what it printed, waits on its output, and a cleanup that leaves nothing. */
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { waitFor } from './wait-for';
import { descendantPids, isRunning } from './dev-processes';

export const ROOT = resolve(__dirname, '../..');
export const BIN = join(ROOT, 'bin/retrofill.js');

export interface DevExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export class DevRun {
  readonly child: ChildProcess;
  output = '';
  readonly exited: Promise<DevExit>;

  /**
   * Runs `node bin/retrofill.js <args>` from the repository's root, without the
   * test's own server addresses; `group` makes it lead a process group of its
   * own, so that a terminal's Ctrl-C (a signal to the whole group) can be played.
   */
  constructor(args: string[], options: { group?: boolean } = {}) {
    const env = { ...process.env };
    for (const key of ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'RETROFILL_TASK_QUEUE']) delete env[key];
    this.child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: options.group ?? false });
    this.child.stdout!.on('data', (d: Buffer) => (this.output += d.toString()));
    this.child.stderr!.on('data', (d: Buffer) => (this.output += d.toString()));
    this.exited = new Promise((r) => this.child.once('exit', (code, signal) => r({ code, signal })));
  }

  /** Waits for `pattern` in what dev printed after `from` characters; fails at once if dev exits. */
  async printed(pattern: RegExp, from: number, timeoutMs: number): Promise<RegExpExecArray> {
    const match = await waitFor(
      `dev to print ${pattern}`,
      () => {
        if (this.child.exitCode !== null) throw new Error(`dev exited with ${this.child.exitCode}:\n${this.output}`);
        return pattern.exec(this.output.slice(from));
      },
      (m) => m !== null,
      timeoutMs,
    );
    return match!;
  }

  /** How dev exited, or 'timed out' after `ms`. */
  exitWithin(ms: number): Promise<DevExit | 'timed out'> {
    return Promise.race([this.exited, new Promise<'timed out'>((r) => setTimeout(() => r('timed out'), ms).unref())]);
  }

  /** After a failed test, when dev may still run: a Ctrl-C, then SIGKILL for whatever is left of it and of `started`. */
  async cleanUp(started: number[] = []): Promise<void> {
    const pid = this.child.pid;
    if (!pid) return;
    const all = [...started, ...(isRunning(pid) ? descendantPids(pid) : [])];
    if (isRunning(pid)) {
      this.child.kill('SIGINT');
      await this.exitWithin(30_000);
    }
    for (const p of [pid, ...all]) if (isRunning(p)) process.kill(p, 'SIGKILL');
  }
}
