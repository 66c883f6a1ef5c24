/**
 * The worker's logger for `--log-format json`: one JSON object a line on
 * stdout (pino), with `time`, `level`, `msg` and the fields Temporal and
 * Retrofill attach: workflow and activity ids, attempt, and for a partition
 * `backfillId`, `asset` and `partition`.
 */
import type { LogLevel, LogMetadata, Logger } from '@temporalio/common';
import pino from 'pino';

/** pino's name for each of Temporal's levels. */
const PINO_LEVEL = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const;

/** A Temporal `Logger` writing JSON lines to `destination` (stdout by default) from `level` up. */
export function createJsonLogger(level: LogLevel, destination?: pino.DestinationStream): Logger {
  const out = pino(
    {
      level: PINO_LEVEL[level],
      base: null,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // Temporal passes failures as `error` (and `failure`); pino serializes only `err` by default.
      serializers: { err: pino.stdSerializers.err, error: pino.stdSerializers.err },
    },
    destination ?? pino.destination({ fd: 1, sync: true }),
  );
  const log = (lvl: LogLevel, message: string, meta?: LogMetadata) => {
    // Symbol keys (the SDK's timestamp of forwarded core logs) have no JSON form.
    const fields = meta ? Object.fromEntries(Object.entries(meta)) : {};
    out[PINO_LEVEL[lvl]](fields, message);
  };
  return {
    log,
    trace: (m, meta) => log('TRACE', m, meta),
    debug: (m, meta) => log('DEBUG', m, meta),
    info: (m, meta) => log('INFO', m, meta),
    warn: (m, meta) => log('WARN', m, meta),
    error: (m, meta) => log('ERROR', m, meta),
  };
}
