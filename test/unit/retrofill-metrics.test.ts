/** Retrofill's metrics as the activities record them, on a meter that keeps what it is given. */
import type { MetricMeter, MetricTags, NumericMetricValueType } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { RetrofillMetric } from '../../observability/metric-names';
import { createRetrofillMetrics, NO_METRICS } from '../../observability/retrofill-metrics';

type Recorded = Array<{ name: string; kind: 'add' | 'record' | 'set'; value: number; tags: MetricTags }>;

/** A MetricMeter that appends every call to `recorded`. */
function keepingMeter(recorded: Recorded): MetricMeter {
  const instrument = (name: string, kind: 'add' | 'record' | 'set') => {
    const call = (value: number, tags: MetricTags = {}) => void recorded.push({ name, kind, value, tags });
    return { name, unit: undefined, description: undefined, valueType: 'int' as NumericMetricValueType, kind: kind === 'add' ? 'counter' : kind === 'record' ? 'histogram' : 'gauge', add: call, record: call, set: call, withTags: () => instrument(name, kind) };
  };
  const meter: MetricMeter = {
    createCounter: (name) => instrument(name, 'add') as never,
    createHistogram: (name) => instrument(name, 'record') as never,
    createGauge: (name) => instrument(name, 'set') as never,
    withTags: () => meter,
  };
  return meter;
}

const values = (recorded: Recorded, name: string) => recorded.filter((r) => r.name === name).map((r) => [r.value, r.tags]);

describe('createRetrofillMetrics', () => {
  it('counts an attempt once started and once ended, with one duration per partition, and moves the running gauge back', () => {
    const recorded: Recorded = [];
    const metrics = createRetrofillMetrics(keepingMeter(recorded));
    const attempt = metrics.attemptStarted('raw', 2, false);
    expect(values(recorded, RetrofillMetric.running)).toEqual([[2, { asset: 'raw' }]]);
    attempt.end('succeeded', 40);
    attempt.end('failed');
    attempt.close();
    expect(values(recorded, RetrofillMetric.attempts)).toEqual([[2, { asset: 'raw', kind: 'first' }]]);
    expect(values(recorded, RetrofillMetric.partitions)).toEqual([[2, { asset: 'raw', outcome: 'succeeded' }]]);
    expect(recorded.filter((r) => r.name === RetrofillMetric.duration)).toHaveLength(2);
    expect(values(recorded, RetrofillMetric.rows)).toEqual([[40, { asset: 'raw' }]]);
    expect(values(recorded, RetrofillMetric.running)).toEqual([[2, { asset: 'raw' }], [0, { asset: 'raw' }]]);
  });

  it('closes an attempt cut short without counting an outcome (the redo counts its rows)', () => {
    const recorded: Recorded = [];
    const metrics = createRetrofillMetrics(keepingMeter(recorded));
    metrics.attemptStarted('raw', 1, true).close();
    expect(values(recorded, RetrofillMetric.attempts)).toEqual([[1, { asset: 'raw', kind: 'retry' }]]);
    expect(values(recorded, RetrofillMetric.partitions)).toEqual([]);
    expect(values(recorded, RetrofillMetric.running).at(-1)).toEqual([0, { asset: 'raw' }]);
    metrics.partitionsEnded('raw', 'failed', 1);
    metrics.partitionsEnded('raw', 'abandoned', 0);
    expect(values(recorded, RetrofillMetric.partitions)).toEqual([[1, { asset: 'raw', outcome: 'failed' }]]);
  });

  it('keeps a running count per asset across overlapping attempts', () => {
    const recorded: Recorded = [];
    const metrics = createRetrofillMetrics(keepingMeter(recorded));
    const a = metrics.attemptStarted('raw', 1, false);
    const b = metrics.attemptStarted('raw', 1, false);
    const c = metrics.attemptStarted('daily', 1, false);
    a.end('succeeded');
    c.end('failed');
    expect(values(recorded, RetrofillMetric.running)).toEqual([
      [1, { asset: 'raw' }],
      [2, { asset: 'raw' }],
      [1, { asset: 'daily' }],
      [1, { asset: 'raw' }],
      [0, { asset: 'daily' }],
    ]);
    b.close();
  });

  it('records checks, publishes, rollbacks, waits, plans and freshness under bounded labels', () => {
    const recorded: Recorded = [];
    const metrics = createRetrofillMetrics(keepingMeter(recorded));
    metrics.checked('raw', false);
    metrics.published([{ asset: 'raw', partitions: 3 }, { asset: 'daily', partitions: 0 }]);
    metrics.rolledBack();
    metrics.rateLimitWaited('api', 250);
    metrics.rateLimitWaited('api', 0);
    metrics.planned('raw', 31);
    metrics.freshness('raw', 86_400);
    expect(values(recorded, RetrofillMetric.checks)).toEqual([[1, { asset: 'raw', result: 'failed' }]]);
    expect(values(recorded, RetrofillMetric.published)).toEqual([[3, { asset: 'raw' }]]);
    expect(values(recorded, RetrofillMetric.publishes)).toEqual([[1, {}]]);
    expect(values(recorded, RetrofillMetric.rollbacks)).toEqual([[1, {}]]);
    expect(values(recorded, RetrofillMetric.rateLimitWait)).toEqual([[0.25, { asset: 'api' }]]);
    expect(values(recorded, RetrofillMetric.planned)).toEqual([[31, { asset: 'raw' }]]);
    expect(values(recorded, RetrofillMetric.freshness)).toEqual([[86_400, { asset: 'raw' }]]);
  });

  it('has a no-op default that accepts every call', () => {
    const attempt = NO_METRICS.attemptStarted('raw', 1, false);
    expect(() => {
      attempt.end('succeeded', 1);
      NO_METRICS.freshness('raw', 1);
    }).not.toThrow();
  });
});
