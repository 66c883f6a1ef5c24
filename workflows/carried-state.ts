/**
 * The state a `backfill` run carries to its next run across continue-as-new,
 * and who may hand it over. It arrives as the workflow's second argument,
 * which anyone starting a workflow can also send: trusted, it would let a
 * caller skip validation, selection and shadow preparation and plan whatever
 * it names. So it is accepted only on a run continued from the very run that
 * wrote it, and only well formed.
 */
import { patched, workflowInfo } from '@temporalio/workflow';
import type { AssetSpec } from '../core/asset-spec';
import { InvalidContinuationError } from '../core/errors';
import type { PlanLimits } from '../core/plan/backfill-plan';
import type { BackfillSummary } from '../core/run/backfill-summary';
import type { SelectionAssessment } from '../core/selection/selection-assessment';
import { shownValue } from '../core/shown-value';
import type { RunCarry } from './run-settings';
import { continuationProblems } from './continuation-shape';

/** Runs continued before the checks took their state unchecked; replaying them must again. */
const CONTINUATION_CHECKS_PATCH = 'continuation-checks';

/** A backfill run in time segments (core/plan/backfill-segments.ts): where it is. */
export interface SegmentsCarry {
  /** Every segment's window, `[start, end)` in epoch ms, oldest first. */
  windows: Array<[number, number]>;
  /** The segment this run plans or runs. */
  index: number;
  /** True when this run starts the segment: it plans and reads the ledger anew (the carried scheduler is empty). */
  starts: boolean;
  /** What the segments before ended with. */
  done?: BackfillSummary;
  /** Cumulative assets added by downstream whose partitions changed in an earlier segment. */
  continuingChains: string[];
}

/** What a backfill's next run needs (continue-as-new): the plan's inputs as the first run had them. */
export interface BackfillContinuation {
  assets: AssetSpec[];
  limits: PlanLimits;
  nowMs: number;
  /** The selected partitions (reasons left out). */
  selection?: SelectionAssessment;
  run: RunCarry;
  /** Shadow isolation: `publish` arrived before the checks ran. */
  publishRequested?: boolean;
  /** Present when the backfill runs in time segments. */
  segments?: SegmentsCarry;
  /**
   * The run that wrote this state: only the run continued from it may use it.
   * Absent in state written before the checks.
   */
  fromRunId?: string;
}

/**
 * The continue-as-new state to resume from, or undefined for a fresh backfill.
 * @param value the workflow's second argument.
 * @throws InvalidContinuationError when the run was started (not continued) with
 *   state, continued from another run than the one that wrote it (a retry, a
 *   cron run), or the state is malformed.
 */
export function carriedState(value: unknown): BackfillContinuation | undefined {
  if (value === undefined) return undefined;
  if (!patched(CONTINUATION_CHECKS_PATCH)) return value as BackfillContinuation;
  // Set by the server only on a run that continued another (continue-as-new, retry, cron): no caller can set it.
  const { continuedFromExecutionRunId: from, attempt, cronSchedule } = workflowInfo();
  if (from === undefined) {
    throw new InvalidContinuationError(
      'the backfill workflow takes one argument, the request; a second one (the state a backfill carries across ' +
        'continue-as-new) is accepted only from its own previous run, and this run was started, not continued',
    );
  }
  const problems = continuationProblems(value);
  if (problems.length > 0) throw new InvalidContinuationError(problems.join('; '));
  const carried = value as BackfillContinuation;
  const writer = carried.fromRunId;
  // State written before the checks names no run: a retry or a cron run is the only other way to get here.
  const fromAnotherRun = writer !== undefined ? writer !== from : attempt !== 1 || Boolean(cronSchedule);
  if (fromAnotherRun) {
    throw new InvalidContinuationError(
      `this run continued from run ${from}, but its state was written by ${writer === undefined ? 'an unnamed run' : `run ${shownValue(writer)}`}` +
        ' (a retried or cron run repeats an earlier run\'s arguments: it carries no state)',
    );
  }
  return carried;
}
