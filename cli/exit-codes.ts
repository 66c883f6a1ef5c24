/** Exit codes of the `retrofill` command, for scripts. */
export const ExitCode = {
  OK: 0,
  /** Anything unexpected (connection refused, bad usage...). */
  ERROR: 1,
  /** The backfill ended with failed, skipped or cancelled partitions. */
  PARTIAL: 2,
  /** No backfill has this id. */
  NOT_FOUND: 3,
  /** The backfill already ended. */
  NOT_RUNNING: 4,
  /** The request or value was rejected (invalid backfill request, concurrency out of range). */
  REJECTED: 5,
} as const;

/** The exit code for an error thrown by a command. */
export function exitCodeFor(error: unknown): number {
  const type = (error as { type?: string } | undefined)?.type;
  switch (type) {
    case 'BackfillNotFound':
      return ExitCode.NOT_FOUND;
    case 'BackfillNotRunning':
      return ExitCode.NOT_RUNNING;
    case 'InvalidBackfillRequest':
    case 'InvalidConcurrency':
    case 'BackfillAlreadyExists':
      return ExitCode.REJECTED;
    default:
      return ExitCode.ERROR;
  }
}
