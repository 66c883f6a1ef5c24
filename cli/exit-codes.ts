/** Exit codes of the `retrofill` command, for scripts. */
import { CommanderError } from 'commander';

export const ExitCode = {
  OK: 0,
  /** Anything unexpected (Temporal or PostgreSQL unreachable, a workflow failure that is not a rejection...). */
  ERROR: 1,
  /** The backfill ended with failed, skipped or cancelled partitions, or (shadow isolation) its blocking checks failed. */
  PARTIAL: 2,
  /** No backfill has this id. */
  NOT_FOUND: 3,
  /** The backfill already ended. */
  NOT_RUNNING: 4,
  /**
   * The request or value was rejected: bad usage (an unknown option or command, a missing or invalid value), an invalid
   * backfill request (by the client or the workers), concurrency out of range, a malformed setting (`DATABASE_URL`,
   * `TEMPORAL_ADDRESS`), a shadow operation on a backfill without a shadow or in the wrong state (its checks failed),
   * or a rollback in conflict with a later write.
   */
  REJECTED: 5,
} as const;

/** Workflow failure types that mean the workers refused what was asked. */
const REJECTED_FAILURES = new Set(['InvalidBackfillRequest', 'InvalidConcurrency', 'InvalidContinuation', 'InvalidStatusRequest', 'InvalidShadowRequest', 'InvalidCheckRequest', 'ShadowNotFound', 'ShadowState', 'RollbackConflict']);

/** The exit code for an error thrown by a command. */
export function exitCodeFor(error: unknown): number {
  // Usage a command's action refused (e.g. `status` with neither an id nor --asset).
  if (error instanceof CommanderError) return ExitCode.REJECTED;
  const { type, failureType } = (error ?? {}) as { type?: string; failureType?: string };
  switch (type) {
    case 'BackfillFailed':
      // The workers rejected the request (e.g. an unknown asset): as rejected as a client-side check.
      return REJECTED_FAILURES.has(failureType ?? '') ? ExitCode.REJECTED : ExitCode.ERROR;
    case 'BackfillNotFound':
    case 'ScheduleNotFound':
      return ExitCode.NOT_FOUND;
    case 'BackfillNotRunning':
      return ExitCode.NOT_RUNNING;
    case 'InvalidBackfillRequest':
    case 'InvalidConcurrency':
    case 'InvalidStatusRequest':
    case 'InvalidOptions':
    case 'InvalidDatabaseUrl':
    case 'ChecksFailed':
    case 'BackfillAlreadyExists':
    case 'InvalidSchedule':
    case 'ScheduleAlreadyExists':
    case 'BackfillStillRunning':
      return ExitCode.REJECTED;
    default:
      return ExitCode.ERROR;
  }
}
