/**
 * Backfills on a schedule: a Temporal Schedule per name, which starts a
 * `backfill` of the last `lookback` complete partitions of each asset every
 * time it fires (missing mode by default, so what an outage left out is
 * filled by the next run). Overlapping runs are skipped; a firing missed
 * while the server was down still runs within the catch-up window. Each run
 * reads the partitions complete at its nominal time, and carries the
 * schedule's name as the `RetrofillSchedule` search attribute.
 */
import { ScheduleAlreadyRunning, ScheduleNotFoundError as TemporalScheduleNotFound, ScheduleOverlapPolicy, type Client } from '@temporalio/client';
import { parseBackfillSchedule, type BackfillScheduleInput } from '../core/schedule-spec';
import { SCHEDULE, WorkflowType } from '../contract';
import { ScheduleAlreadyExistsError, ScheduleNotFoundError } from './errors';

/** What `describe` and `list` tell of a schedule. */
export interface BackfillScheduleInfo {
  name: string;
  /** The backfill each run starts (its `backfill` request). */
  request: Record<string, unknown>;
  /** Seconds between runs. */
  everySeconds: number | undefined;
  paused: boolean;
  note?: string;
  /** Runs started so far, and firings skipped because the previous run was still going. */
  runs: number;
  skippedOverlapping: number;
  /** The latest runs (up to 10), oldest first: when each was due, when it started, its backfill id. */
  recentRuns: Array<{ scheduledAt: Date; startedAt: Date; backfillId: string }>;
  nextRuns: Date[];
}

/** The schedules of one Retrofill task queue. */
export class BackfillSchedules {
  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
    /** Checks a request against the workers' assets and limits, as `start` does. */
    private readonly check: (request: ReturnType<typeof parseBackfillSchedule>['request']) => Promise<unknown>,
  ) {}

  /**
   * Creates the schedule after checking it: its name, interval and request
   * here, its assets and limits by the workers (so nothing is created for an
   * unknown asset). The first run comes one interval from now; `trigger` starts one at once.
   * @throws InvalidScheduleError naming what is wrong; BackfillFailedError when the workers refuse the request;
   *   ScheduleAlreadyExistsError when the name is taken.
   */
  async create(name: string, input: BackfillScheduleInput): Promise<BackfillScheduleInfo> {
    const spec = parseBackfillSchedule(name, input);
    await this.check(spec.request);
    try {
      await this.client.schedule.create({
        scheduleId: spec.name,
        spec: { intervals: [{ every: `${spec.everySeconds}s` }] },
        action: {
          type: 'startWorkflow',
          workflowType: WorkflowType.backfill,
          // Temporal appends each run's nominal time: `<name>-2024-03-01T05:05:00Z`.
          workflowId: spec.name,
          taskQueue: this.taskQueue,
          args: [spec.request],
          // The runs' partitions get the request's priority from the backfill itself.
          typedSearchAttributes: [{ key: SCHEDULE, value: spec.name }],
        },
        policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: `${spec.catchupWindowSeconds}s` },
        memo: { retrofillSchedule: true },
      });
    } catch (error) {
      if (error instanceof ScheduleAlreadyRunning) throw new ScheduleAlreadyExistsError(spec.name);
      throw error;
    }
    return this.describe(spec.name);
  }

  /** Every schedule of this task queue that starts backfills, by name. */
  async list(): Promise<BackfillScheduleInfo[]> {
    const names: string[] = [];
    for await (const summary of this.client.schedule.list()) {
      if (summary.action?.workflowType === WorkflowType.backfill && summary.memo?.retrofillSchedule === true) names.push(summary.scheduleId);
    }
    const infos: BackfillScheduleInfo[] = [];
    for (const name of names.sort()) {
      try {
        infos.push(await this.describe(name));
      } catch (error) {
        // Deleted meanwhile, or another task queue's.
        if (!(error instanceof ScheduleNotFoundError)) throw error;
      }
    }
    return infos;
  }

  /** @throws ScheduleNotFoundError when no schedule of this task queue has the name. */
  async describe(name: string): Promise<BackfillScheduleInfo> {
    const d = await this.ours(name, (handle) => handle.describe());
    if (d.action.workflowType !== WorkflowType.backfill || d.action.taskQueue !== this.taskQueue) throw new ScheduleNotFoundError(name);
    const every = d.spec.intervals?.[0]?.every;
    return {
      name,
      request: (d.action.args?.[0] ?? {}) as Record<string, unknown>,
      everySeconds: typeof every === 'number' ? every / 1000 : undefined,
      paused: d.state.paused,
      ...(d.state.note && { note: d.state.note }),
      runs: d.info.numActionsTaken,
      skippedOverlapping: d.info.numActionsSkippedOverlap,
      recentRuns: d.info.recentActions.map((a) => ({ scheduledAt: a.scheduledAt, startedAt: a.takenAt, backfillId: a.action.workflow.workflowId })),
      nextRuns: d.info.nextActionTimes,
    };
  }

  /** Stops new runs (a running backfill goes on). */
  async pause(name: string, note = 'paused with retrofill'): Promise<void> {
    await this.describe(name);
    await this.ours(name, (h) => h.pause(note));
  }

  async unpause(name: string, note = 'unpaused with retrofill'): Promise<void> {
    await this.describe(name);
    await this.ours(name, (h) => h.unpause(note));
  }

  /** Starts a run at once, even while another runs (partitions running in both are materialized once). */
  async trigger(name: string): Promise<void> {
    await this.describe(name);
    await this.ours(name, (h) => h.trigger(ScheduleOverlapPolicy.ALLOW_ALL));
  }

  /** Deletes the schedule; backfills it started go on. */
  async delete(name: string): Promise<void> {
    await this.describe(name);
    await this.ours(name, (h) => h.delete());
  }

  private async ours<T>(name: string, call: (handle: ReturnType<Client['schedule']['getHandle']>) => Promise<T>): Promise<T> {
    try {
      return await call(this.client.schedule.getHandle(name));
    } catch (error) {
      if (error instanceof TemporalScheduleNotFound) throw new ScheduleNotFoundError(name);
      throw error;
    }
  }
}
