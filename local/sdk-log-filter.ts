/**
 * Drops the Temporal SDK's info-level log entries from a worker's stderr
 * (webpack's bundle report, worker state changes: some twenty lines per
 * reload of `retrofill dev`); warnings, errors and everything else pass.
 */

/** `2024-03-01T05:06:07.890Z [INFO] `: how the SDK's default logger starts an entry. */
const ENTRY = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z \[(TRACE|DEBUG|INFO|WARN|ERROR)\] /;
const QUIET_LEVELS = new Set(['TRACE', 'DEBUG', 'INFO']);
/** A multi-line entry ends with its metadata object; past this many lines, what follows is not part of it. */
const MAX_ENTRY_LINES = 40;

/** A stateful line filter: true for the lines to show, in the order they were printed. */
export function createSdkLogFilter(): (line: string) => boolean {
  // Lines still to drop as the rest of a multi-line quiet entry (0: not inside one).
  let insideQuiet = 0;
  return (line) => {
    const entry = ENTRY.exec(line);
    if (entry) {
      const quiet = QUIET_LEVELS.has(entry[2]!);
      // An entry ends with its metadata, ` { sdkComponent: ... }`: without it yet, the message goes on.
      insideQuiet = quiet && !line.endsWith('}') ? MAX_ENTRY_LINES : 0;
      return !quiet;
    }
    if (insideQuiet === 0) return true;
    insideQuiet = line.endsWith('}') ? 0 : insideQuiet - 1;
    return false;
  };
}

/**
 * The SDK core's warning that a worker's shutdown call could not reach the
 * server: `retrofill dev` stops the worker and its Temporal server together,
 * so the call races the server's own stop. Expected there, and nothing to act on.
 */
const SHUTDOWN_RACE = /temporalio_sdk_core::worker.*shutdown_worker rpc errored during worker shutdown/;

/** Whether a worker's output line is the shutdown race above, on either stream (the core logs to stdout). */
export const isShutdownRace = (line: string): boolean => SHUTDOWN_RACE.test(line);
