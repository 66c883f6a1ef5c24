/**
 * Retrofill's own metrics, recorded through the Temporal SDK's metric meter:
 * the worker's runtime exports them on the same Prometheus endpoint as the
 * SDK's (observability/worker-telemetry.ts). Without a metrics endpoint the
 * meter is the SDK's no-op one, and recording costs a function call.
 */
import { noopMetricMeter, type MetricMeter } from '@temporalio/common';
import { RetrofillMetric, type AttemptOutcome } from './metric-names';

/** One started partition attempt (one or more ledger rows): ended exactly once. */
export interface AttemptMeter {
  /** Records the end of the attempt with the status its ledger rows got. */
  end(outcome: AttemptOutcome, rows?: number): void;
  /** The attempt stopped without writing its end (a lost connection: the rows are closed later, and counted there). */
  close(): void;
}

/** What the activities record. */
export interface RetrofillMetrics {
  /** `partitions` ledger rows of `asset` opened as running; `retry` for a second or later attempt. */
  attemptStarted(asset: string, partitions: number, retry: boolean): AttemptMeter;
  /** Ledger rows ended by this worker other than through an attempt it runs (taking over, a refusal, an outage). */
  partitionsEnded(asset: string, outcome: AttemptOutcome, partitions: number, seconds?: number): void;
  rateLimitWaited(asset: string, ms: number): void;
  planned(asset: string, partitions: number): void;
  checked(asset: string, passed: boolean): void;
  published(assets: Array<{ asset: string; partitions: number }>): void;
  rolledBack(): void;
  freshness(asset: string, seconds: number): void;
}

/** Metrics recorded on `meter` (the SDK runtime's, in a worker). */
export function createRetrofillMetrics(meter: MetricMeter): RetrofillMetrics {
  const attempts = meter.createCounter(RetrofillMetric.attempts, 'attempts', 'Partition attempts started (ledger rows opened), by asset and first or retry');
  const partitions = meter.createCounter(RetrofillMetric.partitions, 'partitions', 'Partition attempts ended by this worker, by asset and the ledger status written');
  const duration = meter.createHistogram(RetrofillMetric.duration, 'float', 's', 'Duration of each partition attempt, by asset and outcome');
  const rows = meter.createCounter(RetrofillMetric.rows, 'rows', 'Rows written by succeeded partition attempts');
  const rateLimitWait = meter.createHistogram(RetrofillMetric.rateLimitWait, 'float', 's', 'Each wait of a partition attempt for its asset rate limit');
  const planned = meter.createCounter(RetrofillMetric.planned, 'partitions', 'Partitions selected by backfills as they started');
  const checks = meter.createCounter(RetrofillMetric.checks, 'checks', 'Quality checks run before publishing, by asset and result');
  const published = meter.createCounter(RetrofillMetric.published, 'partitions', 'Partitions made production by publishing a shadow backfill');
  const publishes = meter.createCounter(RetrofillMetric.publishes, 'publishes', 'Shadow backfills published');
  const rollbacks = meter.createCounter(RetrofillMetric.rollbacks, 'rollbacks', 'Published backfills rolled back');
  const running = meter.createGauge(RetrofillMetric.running, 'int', 'partitions', 'Partitions being materialized by this worker now');
  const freshness = meter.createGauge(RetrofillMetric.freshness, 'float', 's', 'Seconds since the end of the newest materialized partition of each asset');
  // Gauges are set, not added to: the worker keeps the count per asset.
  const runningNow = new Map<string, number>();
  const moveRunning = (asset: string, by: number) => {
    const now = (runningNow.get(asset) ?? 0) + by;
    runningNow.set(asset, now);
    running.set(now, { asset });
  };
  const ended = (asset: string, outcome: AttemptOutcome, count: number, seconds: number) => {
    partitions.add(count, { asset, outcome });
    for (let i = 0; i < count; i++) duration.record(seconds, { asset, outcome });
  };
  return {
    attemptStarted(asset, count, retry) {
      attempts.add(count, { asset, kind: retry ? 'retry' : 'first' });
      moveRunning(asset, count);
      const began = performance.now();
      let open = true;
      return {
        end(outcome, written = 0) {
          if (!open) return;
          open = false;
          moveRunning(asset, -count);
          ended(asset, outcome, count, (performance.now() - began) / 1000);
          if (outcome === 'succeeded' && written > 0) rows.add(written, { asset });
        },
        close() {
          if (!open) return;
          open = false;
          moveRunning(asset, -count);
        },
      };
    },
    partitionsEnded(asset, outcome, count, seconds = 0) {
      if (count > 0) ended(asset, outcome, count, seconds);
    },
    rateLimitWaited(asset, ms) {
      if (ms > 0) rateLimitWait.record(ms / 1000, { asset });
    },
    planned(asset, count) {
      if (count > 0) planned.add(count, { asset });
    },
    checked(asset, passed) {
      checks.add(1, { asset, result: passed ? 'passed' : 'failed' });
    },
    published(assets) {
      publishes.add(1);
      for (const { asset, partitions: count } of assets) if (count > 0) published.add(count, { asset });
    },
    rolledBack() {
      rollbacks.add(1);
    },
    freshness(asset, seconds) {
      freshness.set(seconds, { asset });
    },
  };
}

/** Metrics that record nothing: the default of activities built without a metrics endpoint. */
export const NO_METRICS: RetrofillMetrics = createRetrofillMetrics(noopMetricMeter);
