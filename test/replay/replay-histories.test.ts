/**
 * Determinism guard: every recorded history in test/replay/histories must
 * replay against the current workflow code. A change to `backfill` or
 * `materializePartition` that would break running workflows after a deploy
 * (a command added, removed or reordered, a child id changed, ...) fails here
 * with a DeterminismViolationError naming the mismatch. Offline: no server.
 * Recording: test/replay/record-histories.ts; policy: test/replay/histories/README.md.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DefaultLogger, Runtime, Worker, type ReplayWorkerOptions } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { WORKFLOW_BUNDLER_OPTIONS, WORKFLOW_INTERCEPTOR_MODULES, WORKFLOWS_PATH } from '../../worker/create-worker';
import { historyFromJson, type History } from './history-json';

const HISTORIES_DIR = join(__dirname, 'histories');

interface RecordedHistory {
  file: string;
  workflowType: string;
  workflowId: string;
  taskQueue: string;
  history: History;
}

function loadHistories(): RecordedHistory[] {
  return readdirSync(HISTORIES_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      const history = historyFromJson(JSON.parse(readFileSync(join(HISTORIES_DIR, file), 'utf8')));
      const started = history.events?.[0]?.workflowExecutionStartedEventAttributes;
      if (!started) throw new Error(`${file}: the first event is not WorkflowExecutionStarted`);
      return {
        file,
        workflowType: started.workflowType?.name ?? '',
        workflowId: started.workflowId || file,
        taskQueue: started.taskQueue?.name ?? '',
        history,
      };
    });
}

let runtimeInstalled = false;

/** Keeps the SDK's info lines (bundling, worker state) out of the output; warnings still show. */
function quietRuntime(): void {
  if (runtimeInstalled) return;
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // Another module of this process installed a runtime already: keep it.
  }
  runtimeInstalled = true;
}

/**
 * Options of a replay worker on `taskQueue`. Workflows read their task queue
 * (`workflowInfo().taskQueue`: partition child ids are `<task queue>/<asset>/<key>`),
 * so a history replays as on a worker of the queue it ran on, as after a deploy;
 * the SDK's replay worker otherwise runs on `<replayName>-<n>`, and every child
 * id would mismatch. `taskQueue` is not in the type but the SDK applies it.
 */
function replayOptions(taskQueue: string): ReplayWorkerOptions {
  return {
    workflowsPath: WORKFLOWS_PATH,
    bundlerOptions: WORKFLOW_BUNDLER_OPTIONS,
    interceptors: { workflowModules: WORKFLOW_INTERCEPTOR_MODULES },
    replayName: 'retrofill',
    taskQueue,
  } as ReplayWorkerOptions;
}

const recorded = loadHistories();

describe('recorded workflow histories', () => {
  it('cover every workflow', () => {
    expect(recorded.length).toBeGreaterThanOrEqual(7);
    expect(new Set(recorded.map((r) => r.workflowType))).toEqual(new Set(['backfill', 'materializePartition', 'materializeBatch']));
    for (const r of recorded) expect(r.taskQueue, r.file).not.toBe('');
  });

  it('replay against the current workflow code without a nondeterminism error', async () => {
    quietRuntime();
    const outcomes: Array<{ file: string; error: string | undefined }> = [];
    const byQueue = new Map<string, RecordedHistory[]>();
    for (const r of recorded) byQueue.set(r.taskQueue, [...(byQueue.get(r.taskQueue) ?? []), r]);
    for (const [taskQueue, group] of byQueue) {
      const replays = Worker.runReplayHistories(
        replayOptions(taskQueue),
        group.map(({ history, workflowId }) => ({ history, workflowId })),
      );
      let i = 0;
      // One result per history, in order.
      for await (const result of replays) {
        outcomes.push({ file: group[i++]!.file, error: result.error && `${result.error.name}: ${result.error.message}` });
      }
    }
    expect(outcomes).toEqual(recorded.map((r) => ({ file: r.file, error: undefined })));
  });
});
