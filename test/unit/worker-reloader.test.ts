/** The worker reloader of `retrofill dev`, with stand-in worker children. */
import { describe, expect, it } from 'vitest';
import type { WorkerChild, WorkerStart } from '../../local/worker-child';
import { createWorkerReloader } from '../../local/worker-reloader';

interface FakeChild extends WorkerChild {
  stopped: boolean;
  run(): void;
  exit(how: string): void;
}

function fakeChild(pid: number): FakeChild {
  let started!: (s: WorkerStart) => void;
  let exited!: (how: string) => void;
  const child: FakeChild = {
    pid,
    stopped: false,
    started: new Promise((r) => (started = r)),
    exited: new Promise((r) => (exited = r)),
    run: () => started({ running: true }),
    exit(how) {
      started({ running: false, exit: how });
      exited(how);
    },
    stop() {
      child.stopped = true;
      child.exit('SIGTERM');
      return Promise.resolve();
    },
  };
  return child;
}

/** A reloader whose children run (or fail, per `outcomes`) as soon as they start. */
function setup(outcomes: Array<'run' | 'fail'> = []) {
  const children: FakeChild[] = [];
  const lines: string[] = [];
  const reloader = createWorkerReloader({
    start: () => {
      const child = fakeChild(children.length + 1);
      children.push(child);
      const outcome = outcomes[children.length - 1] ?? 'run';
      queueMicrotask(() => (outcome === 'run' ? child.run() : child.exit('code 1')));
      return child;
    },
    log: (line) => lines.push(line),
    debounceMs: 20,
  });
  return { reloader, children, lines };
}

const settle = (ms = 80) => new Promise((r) => setTimeout(r, ms));

describe('worker reloader', () => {
  it('reloads once for a burst of changes, stopping the old worker first', async () => {
    const { reloader, children, lines } = setup();
    await reloader.start();
    for (let i = 0; i < 5; i++) reloader.changed();
    await settle();
    expect(children).toHaveLength(2);
    expect(children[0]!.stopped).toBe(true);
    expect(lines).toEqual(['Worker running (pid 1)', 'Assets changed: worker reloaded (pid 2)']);
    await reloader.close();
    expect(children[1]!.stopped).toBe(true);
  });

  it('keeps watching after a worker that fails to start, and retries on the next change', async () => {
    const { reloader, children, lines } = setup(['run', 'fail', 'run']);
    await reloader.start();
    reloader.changed();
    await settle();
    reloader.changed();
    await settle();
    expect(children).toHaveLength(3);
    expect(lines).toEqual([
      'Worker running (pid 1)',
      'Assets changed: the worker did not start (code 1); watching for the next change to try again',
      'Assets changed: worker reloaded (pid 3)',
    ]);
    await reloader.close();
  });

  it('reports a worker that exits on its own, not one it stopped', async () => {
    const { reloader, children, lines } = setup();
    await reloader.start();
    children[0]!.exit('code 1');
    await settle(10);
    expect(lines).toEqual(['Worker running (pid 1)', 'Worker exited (code 1); watching for the next change to start it again']);
    await reloader.close();
    expect(lines).toHaveLength(2);
  });

  it('starts nothing after close, even for a change just before it', async () => {
    const { reloader, children } = setup();
    await reloader.start();
    reloader.changed();
    await reloader.close();
    await settle();
    expect(children).toHaveLength(1);
    expect(children[0]!.stopped).toBe(true);
  });
});
