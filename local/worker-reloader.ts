/**
 * Keeps one worker child running for `retrofill dev` and replaces it when the
 * assets module changes. Starts and reloads run one at a time; changes that
 * come during a reload make one more reload, not one per change.
 */
import { settlesWithin } from './settles-within';
import type { WorkerChild, WorkerStart } from './worker-child';

export interface WorkerReloaderOptions {
  /** Spawns a worker child. */
  start: () => WorkerChild;
  /** Receives one line per start, reload, failed start or unexpected exit. */
  log: (line: string) => void;
  /** Quiet time after the last change before reloading. @default 300 */
  debounceMs?: number;
}

export interface WorkerReloader {
  /** Starts the first worker; settles once it runs or has failed to start. */
  start(): Promise<WorkerStart>;
  /** Reports a change of the module: the worker is replaced once changes pause. */
  changed(): void;
  /** Stops the worker and cancels the reloads to come; every wait bounded. */
  close(): Promise<void>;
}

/** Bounds the wait for a reload in progress at close: the worker's own stop is bounded by 15 s. */
const CLOSE_MS = 20_000;

/** A reloader that has started nothing yet: call `start()`. */
export function createWorkerReloader(options: WorkerReloaderOptions): WorkerReloader {
  let current: WorkerChild | undefined;
  let closed = false;
  let queued = false;
  let timer: NodeJS.Timeout | undefined;
  let cycle: Promise<unknown> = Promise.resolve();
  const log = options.log;

  const launch = async (reason: 'start' | 'reload'): Promise<WorkerStart> => {
    if (closed) return { running: false, exit: 'closed' };
    const child = options.start();
    current = child;
    const outcome = await child.started;
    if (closed) return outcome;
    if (!outcome.running) {
      const failed = `the worker did not start (${outcome.exit}); watching for the next change to try again`;
      log(reason === 'reload' ? `Assets changed: ${failed}` : `${failed[0]!.toUpperCase()}${failed.slice(1)}`);
      return outcome;
    }
    log(reason === 'reload' ? `Assets changed: worker reloaded (pid ${child.pid})` : `Worker running (pid ${child.pid})`);
    void child.exited.then((exit) => {
      // A worker we stopped is no longer current: only an exit of its own is news.
      if (current === child && !closed) log(`Worker exited (${exit}); watching for the next change to start it again`);
    });
    return outcome;
  };

  const reload = async () => {
    queued = false;
    const old = current;
    current = undefined;
    await old?.stop();
    await launch('reload');
  };

  return {
    start() {
      const started = cycle.then(() => launch('start'));
      cycle = started;
      return started;
    },
    changed() {
      if (closed) return;
      clearTimeout(timer);
      timer = setTimeout(() => {
        if (queued || closed) return;
        queued = true;
        cycle = cycle.then(reload);
      }, options.debounceMs ?? 300);
    },
    async close() {
      closed = true;
      clearTimeout(timer);
      const child = current;
      current = undefined;
      await child?.stop();
      // A reload may be stopping the previous worker, or waiting for one it started (stopped above).
      await settlesWithin(cycle, CLOSE_MS);
    },
  };
}
