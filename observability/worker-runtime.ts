/**
 * The Temporal runtime of a `retrofill worker` process, installed once before
 * any connection: its logger (human-readable, or JSON lines) and, with a
 * metrics address, the Prometheus endpoint that serves the SDK's metrics and
 * Retrofill's (observability/metric-names.ts) on `/metrics`.
 */
import type { LogLevel, Logger } from '@temporalio/common';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { createJsonLogger } from './json-logger';
import { DURATION_BUCKETS_SECONDS, RetrofillMetric, WAIT_BUCKETS_SECONDS } from './metric-names';
import { NO_METRICS, createRetrofillMetrics, type RetrofillMetrics } from './retrofill-metrics';

export type LogFormat = 'text' | 'json';

export interface WorkerRuntimeOptions {
  /** `host:port` to serve Prometheus metrics on; none: no endpoint, and metrics cost nothing. */
  metricsAddress?: string;
  /** @default 'text' */
  logFormat?: LogFormat;
  /** @default 'INFO' */
  logLevel?: LogLevel;
}

export interface WorkerRuntime {
  logger: Logger;
  metrics: RetrofillMetrics;
}

/** Installs the process's Temporal runtime; call it once, before connecting to Temporal. */
export function installWorkerRuntime(options: WorkerRuntimeOptions): WorkerRuntime {
  const level = options.logLevel ?? 'INFO';
  const logger = options.logFormat === 'json' ? createJsonLogger(level) : new DefaultLogger(level);
  Runtime.install({
    logger,
    ...(options.metricsAddress !== undefined && {
      telemetryOptions: {
        metrics: {
          prometheus: {
            bindAddress: options.metricsAddress,
            useSecondsForDurations: true,
            histogramBucketOverrides: { [RetrofillMetric.duration]: DURATION_BUCKETS_SECONDS, [RetrofillMetric.rateLimitWait]: WAIT_BUCKETS_SECONDS },
          },
        },
      },
    }),
  });
  const metrics = options.metricsAddress === undefined ? NO_METRICS : createRetrofillMetrics(Runtime.instance().metricMeter);
  return { logger, metrics };
}
