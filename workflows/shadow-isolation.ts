/**
 * The shadow side of a backfill started with `isolation: 'shadow'`: creates
 * the shadow before the first partition; once every partition succeeded,
 * runs the assets' checks on it and, when no blocking check failed (and,
 * with `publishApproval`, once `publish` arrives), publishes it to
 * production in one transaction. Anything else ends with production untouched.
 */
import { ActivityFailure, ApplicationFailure, CancellationScope, condition, isCancellation, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { RequestIsolation } from '../core/backfill-request';
import { blockingFailures } from '../core/checks/check-outcome';
import type { BackfillProgress, BackfillState } from '../core/run/backfill-progress';
import type { BackfillSummary } from '../core/run/backfill-summary';
import { ShadowPhase, type ShadowReport } from '../core/shadow/shadow-report';

const { prepareShadow, runChecks, publishShadow } = proxyActivities<Activities>({
  startToCloseTimeout: '2 hours',
  // They heartbeat every second: a dead worker's publish or checks are retried elsewhere at once.
  heartbeatTimeout: '10 seconds',
  retry: { maximumAttempts: 5 },
});

/** The backfill's state while the shadow phase runs; otherwise the run's own. */
const PHASE_STATES: Partial<Record<ShadowPhase, BackfillState>> = {
  checking: 'checking',
  awaitingPublish: 'awaitingPublish',
  publishing: 'publishing',
};

export class ShadowIsolation {
  private report: ShadowReport = { phase: ShadowPhase.WRITING, checks: [] };
  /** How the shadow phase ended the backfill, when that differs from how its partitions ended. */
  private endState: BackfillState | undefined;

  constructor(
    private readonly backfillId: string,
    /** Whether to wait for `publish` after the checks pass, and how long to keep what publish replaces. */
    private readonly isolation: Extract<RequestIsolation, { kind: 'shadow' }>,
    /** `publish` arrived already (in an earlier run of the workflow). */
    private publishRequested: boolean,
  ) {}

  /** `publish`: publish once the checks pass (at once when they already did). */
  requestPublish(): void {
    this.publishRequested = true;
  }

  /** What the next run must know when the backfill continues as new. */
  get publishWasRequested(): boolean {
    return this.publishRequested;
  }

  /** `progress` with the shadow's phase and checks. */
  decorate(progress: BackfillProgress): BackfillProgress {
    return { ...progress, state: PHASE_STATES[this.report.phase] ?? this.endState ?? progress.state, shadow: this.snapshot() };
  }

  /** Creates the shadow tables of every asset the backfill writes. */
  async prepare(assets: string[]): Promise<void> {
    await prepareShadow({ backfillId: this.backfillId, assets, keepReplacedDays: this.isolation.keepReplacedDays });
  }

  /** Checks and publishes, or not; the summary tells which and why. */
  async finish(summary: BackfillSummary, assets: string[]): Promise<BackfillSummary> {
    const unfinished = summary.total - summary.succeeded;
    if (summary.outcome !== 'completed') {
      return this.notPublished(summary, `${unfinished} of ${summary.total} partitions did not succeed`);
    }
    try {
      this.report.phase = ShadowPhase.CHECKING;
      this.report.checks = await runChecks({ backfillId: this.backfillId, assets });
      const blocking = blockingFailures(this.report.checks);
      if (blocking.length > 0) {
        const names = blocking.map((c) => `${c.asset} ${c.check}`).join(', ');
        return this.notPublished({ ...summary, outcome: 'checksFailed' }, `blocking check${blocking.length > 1 ? 's' : ''} failed: ${names}`);
      }
      if (this.isolation.publishApproval && !this.publishRequested) {
        this.report.phase = ShadowPhase.AWAITING_PUBLISH;
        await condition(() => this.publishRequested);
      }
    } catch (error) {
      if (!isCancellation(error)) throw error;
      return this.notPublished({ ...summary, outcome: 'cancelled' }, 'cancelled before publish');
    }
    this.report.phase = ShadowPhase.PUBLISHING;
    try {
      // Once started, publish runs to its end: its outcome must be known, whatever arrives meanwhile.
      this.report.publication = await CancellationScope.nonCancellable(() => publishShadow({ backfillId: this.backfillId }));
    } catch (error) {
      const refusal = error instanceof ActivityFailure && error.cause instanceof ApplicationFailure && error.cause.nonRetryable ? error.cause : undefined;
      if (!refusal) throw error;
      return this.notPublished({ ...summary, outcome: 'notPublished' }, refusal.message);
    }
    this.report.phase = ShadowPhase.PUBLISHED;
    return { ...summary, shadow: this.snapshot() };
  }

  private notPublished(summary: BackfillSummary, reason: string): BackfillSummary {
    this.report = { ...this.report, phase: ShadowPhase.NOT_PUBLISHED, reason: `${reason}: production is untouched; the shadow keeps what was written` };
    // The state says what the outcome says: `status` and the summary use one word.
    if (summary.outcome === 'checksFailed') this.endState = 'checksFailed';
    if (summary.outcome === 'notPublished') this.endState = 'failed';
    if (summary.outcome === 'cancelled') this.endState = 'cancelled';
    return { ...summary, shadow: this.snapshot() };
  }

  private snapshot(): ShadowReport {
    return { ...this.report, checks: [...this.report.checks] };
  }
}
