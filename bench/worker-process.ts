/**
 * A worker in a process of its own, started as users start one
 * (`retrofill worker --assets …`), so its memory and CPU are the worker's
 * alone, not the bench's (client, bundler, bookkeeping).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';

const BIN = join(__dirname, '..', 'bin', 'retrofill.js');
/**
 * The heap limit the worker runs with, as docs/operating.md advises: without
 * one, V8 sizes the heap from the machine's memory and collects lazily, so a
 * worker's RSS follows the machine rather than its work. Applies to the
 * workflow thread too (V8 flags are per process).
 */
export const WORKER_HEAP_MB = 320;

/** Bundling the workflows and connecting take seconds; a worker not up by then is not coming. */
const START_WITHIN_MS = 120_000;

export interface WorkerProcess {
  pid: number;
  stop(): Promise<void>;
}

export async function startWorkerProcess(options: { assetsModule: string; temporalAddress: string; taskQueue: string; databaseUrl: string }): Promise<WorkerProcess> {
  const child: ChildProcess = spawn(process.execPath, [BIN, 'worker', '--assets', options.assetsModule, '--log-level', 'warn'], {
    env: { ...process.env, NODE_OPTIONS: `--max-old-space-size=${WORKER_HEAP_MB}`, TEMPORAL_ADDRESS: options.temporalAddress, RETROFILL_TASK_QUEUE: options.taskQueue, DATABASE_URL: options.databaseUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr!.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the worker process did not start within ${START_WITHIN_MS / 1000} s: ${output}`)), START_WITHIN_MS);
    child.stdout!.on('data', (chunk: Buffer) => {
      if (!chunk.toString().includes('Retrofill worker:')) return;
      clearTimeout(timer);
      resolve();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the worker process exited with ${code} before it started: ${output}`));
    });
  });
  return {
    pid: child.pid!,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}
