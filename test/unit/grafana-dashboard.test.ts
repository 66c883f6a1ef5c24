import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it, expect } from 'vitest';
import { RetrofillMetric } from '../../observability/metric-names';

const repoRoot = path.resolve(__dirname, '../..');
const dashboardPath = path.join(repoRoot, 'deploy/grafana/dashboards/retrofill.json');

interface Target {
  refId?: string;
  expr?: string;
  legendFormat?: string;
  datasource?: { type?: string; uid?: string };
}

interface Panel {
  id?: number;
  type?: string;
  title?: string;
  gridPos?: { h?: number; w?: number; x?: number; y?: number };
  datasource?: { type?: string; uid?: string };
  targets?: Target[];
  /** A collapsed row holds its panels here. */
  panels?: Panel[];
}

interface TemplateVariable {
  name: string;
  type: string;
  query?: unknown;
  definition?: string;
  multi?: boolean;
  includeAll?: boolean;
}

interface Dashboard {
  uid?: string;
  title?: string;
  schemaVersion?: number;
  templating?: { list?: TemplateVariable[] };
  panels?: Panel[];
}

/**
 * The Temporal SDK metrics the dashboard may use: names a `retrofill worker
 * --metrics-port` process (TypeScript SDK 1.24, `useSecondsForDurations`, no
 * unit suffix) was seen to serve on /metrics after running workflows and
 * activities, some of them failing. Histograms as their base name.
 */
const TEMPORAL_METRICS = new Set([
  'temporal_activity_execution_latency',
  'temporal_activity_execution_failed',
  'temporal_worker_task_slots_available',
  'temporal_workflow_task_schedule_to_start_latency',
  'temporal_num_pollers',
  'temporal_request',
]);

/** Retrofill metrics without an asset label (observability/metric-names.ts); every other one has it. */
const WITHOUT_ASSET: ReadonlySet<string> = new Set([RetrofillMetric.publishes, RetrofillMetric.rollbacks]);

/** Retrofill's histograms, whose series carry a `_bucket`, `_sum` or `_count` suffix. */
const HISTOGRAMS: ReadonlySet<string> = new Set([RetrofillMetric.duration, RetrofillMetric.rateLimitWait]);

const RETROFILL_METRICS: ReadonlySet<string> = new Set(Object.values(RetrofillMetric));

const METRIC_NAME = /\b(?:retrofill|temporal)_[a-z_]+/g;
const HISTOGRAM_SUFFIX = /_(?:bucket|sum|count)$/;
const ASSET_FILTER = 'asset=~"$asset"';

function loadDashboard(): Dashboard {
  return JSON.parse(readFileSync(dashboardPath, 'utf8')) as Dashboard;
}

/** Every panel, rows included, with the panels of collapsed rows. */
function allPanels(dashboard: Dashboard): Panel[] {
  const out: Panel[] = [];
  const visit = (panels: Panel[] | undefined) => {
    for (const p of panels ?? []) {
      out.push(p);
      visit(p.panels);
    }
  };
  visit(dashboard.panels);
  return out;
}

/** Every PromQL expression of every panel target, with the panel it belongs to. */
function expressions(dashboard: Dashboard): Array<{ panel: string; expr: string }> {
  return allPanels(dashboard).flatMap((p) =>
    (p.targets ?? []).filter((t) => t.expr !== undefined).map((t) => ({ panel: `${p.title} (${t.refId})`, expr: t.expr! })),
  );
}

/** The metric names an expression references. */
function metricNames(expr: string): string[] {
  return [...expr.matchAll(METRIC_NAME)].map((m) => m[0]);
}

/** A referenced series name as the metric it belongs to: a Retrofill histogram's series without its suffix. */
function baseName(name: string): string {
  if (name.startsWith('retrofill_')) {
    const stripped = name.replace(HISTOGRAM_SUFFIX, '');
    return HISTOGRAMS.has(stripped) ? stripped : name;
  }
  return name.replace(HISTOGRAM_SUFFIX, '');
}

/** Each occurrence of a metric in an expression with its label selector (empty when it has none). */
function selectors(expr: string): Array<{ name: string; selector: string }> {
  return [...expr.matchAll(/\b((?:retrofill|temporal)_[a-z_]+)(\{[^}]*\})?/g)].map((m) => ({ name: m[1]!, selector: m[2] ?? '' }));
}

describe('helpers of the dashboard test', () => {
  it('extracts metric names and their selectors from PromQL', () => {
    const expr = 'histogram_quantile(0.95, sum by (le, asset) (rate(retrofill_materialization_duration_seconds_bucket{asset=~"$asset"}[5m]))) / sum(temporal_request)';
    expect(metricNames(expr)).toEqual(['retrofill_materialization_duration_seconds_bucket', 'temporal_request']);
    expect(selectors(expr)).toEqual([
      { name: 'retrofill_materialization_duration_seconds_bucket', selector: '{asset=~"$asset"}' },
      { name: 'temporal_request', selector: '' },
    ]);
  });

  it('strips histogram suffixes only from histograms', () => {
    expect(baseName('retrofill_rate_limit_wait_seconds_sum')).toBe(RetrofillMetric.rateLimitWait);
    expect(baseName('retrofill_materialization_duration_seconds_count')).toBe(RetrofillMetric.duration);
    // A counter's series is its own name: `_count` added to it names nothing.
    expect(baseName('retrofill_partitions_total_count')).toBe('retrofill_partitions_total_count');
    expect(RETROFILL_METRICS.has(baseName('retrofill_partitions_total_count'))).toBe(false);
    expect(baseName('temporal_activity_execution_latency_bucket')).toBe('temporal_activity_execution_latency');
  });
});

describe('deploy/grafana/dashboards/retrofill.json', () => {
  const dashboard = loadDashboard();
  const panels = allPanels(dashboard);
  const exprs = expressions(dashboard);

  it('is the Retrofill dashboard, uid retrofill', () => {
    expect(dashboard.uid).toBe('retrofill');
    expect(dashboard.title).toBe('Retrofill backfills');
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(36);
  });

  it('asks for a Prometheus data source and offers every asset', () => {
    const variables = dashboard.templating?.list ?? [];
    const datasource = variables.find((v) => v.name === 'datasource');
    expect(datasource).toMatchObject({ type: 'datasource', query: 'prometheus' });
    const asset = variables.find((v) => v.name === 'asset');
    expect(asset).toMatchObject({ type: 'query', multi: true, includeAll: true });
    const query = typeof asset!.query === 'string' ? asset!.query : (asset!.query as { query?: string }).query;
    expect(query).toBe(`label_values(${RetrofillMetric.partitions}, asset)`);
  });

  it('gives every panel a unique id and a position on the 24-column grid', () => {
    expect(panels.length).toBeGreaterThan(10);
    const ids = panels.map((p) => p.id);
    for (const p of panels) {
      expect(Number.isInteger(p.id), `${p.title} id`).toBe(true);
      expect(p.type, `${p.title} type`).toMatch(/^(row|timeseries|stat|bargauge|gauge|table)$/);
      expect(p.title, `panel ${p.id} title`).toBeTruthy();
      const g = p.gridPos;
      expect(g, `${p.title} gridPos`).toBeDefined();
      for (const key of ['h', 'w', 'x', 'y'] as const) expect(Number.isInteger(g![key]), `${p.title} gridPos.${key}`).toBe(true);
      expect(g!.w! > 0 && g!.h! > 0, `${p.title} has a size`).toBe(true);
      expect(g!.x! + g!.w!, `${p.title} fits the grid`).toBeLessThanOrEqual(24);
    }
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("queries the dashboard's data source with uniquely named targets", () => {
    for (const p of panels.filter((x) => x.type !== 'row')) {
      expect(p.datasource, p.title).toEqual({ type: 'prometheus', uid: '${datasource}' });
      expect(p.targets?.length, `${p.title} has targets`).toBeGreaterThan(0);
      const refIds = p.targets!.map((t) => t.refId);
      expect(new Set(refIds).size, `${p.title} refIds`).toBe(refIds.length);
      for (const t of p.targets!) {
        expect(t.expr, `${p.title} ${t.refId} expr`).toBeTruthy();
        expect(typeof t.legendFormat, `${p.title} ${t.refId} legendFormat`).toBe('string');
      }
    }
  });

  it('references only metrics the worker exports', () => {
    const referenced = new Set<string>();
    for (const { panel, expr } of exprs) {
      const names = metricNames(expr);
      expect(names.length, `${panel} references a metric`).toBeGreaterThan(0);
      for (const name of names) {
        const base = baseName(name);
        referenced.add(base);
        if (name.startsWith('retrofill_')) {
          expect(RETROFILL_METRICS.has(base), `${panel}: ${name} is not a RetrofillMetric`).toBe(true);
          // Only histograms have the _bucket/_sum/_count series; a histogram is only queried through them.
          expect(HISTOGRAMS.has(base) === (name !== base), `${panel}: ${name} as a series`).toBe(true);
        } else {
          expect(TEMPORAL_METRICS.has(base), `${panel}: ${name} is not a metric the SDK was seen to serve`).toBe(true);
        }
      }
    }
    // Every metric Retrofill exports is on the dashboard.
    for (const name of RETROFILL_METRICS) expect(referenced.has(name), `${name} is not on the dashboard`).toBe(true);
    expect(referenced.has('temporal_activity_execution_latency')).toBe(true);
    expect(referenced.has('temporal_worker_task_slots_available')).toBe(true);
  });

  it('filters every metric with an asset label by the asset variable', () => {
    let filtered = 0;
    for (const { panel, expr } of exprs) {
      for (const { name, selector } of selectors(expr)) {
        const base = baseName(name);
        if (!name.startsWith('retrofill_') || WITHOUT_ASSET.has(base)) continue;
        expect(selector, `${panel}: ${name} filters by asset`).toContain(ASSET_FILTER);
        filtered += 1;
      }
    }
    expect(filtered).toBeGreaterThan(10);
  });

  it('shows progress as succeeded against planned, and durations as p50 and p95 per asset', () => {
    const progress = panels.find((p) => p.title === 'Progress per asset');
    const progressExprs = (progress?.targets ?? []).map((t) => t.expr);
    expect(progressExprs).toContain(`sum by (asset) (increase(${RetrofillMetric.partitions}{outcome="succeeded",${ASSET_FILTER}}[$__range]))`);
    expect(progressExprs).toContain(`sum by (asset) (increase(${RetrofillMetric.planned}{${ASSET_FILTER}}[$__range]))`);

    const durationExprs = exprs.filter(({ expr }) => expr.includes(`${RetrofillMetric.duration}_bucket`)).map(({ expr }) => expr);
    for (const q of ['0.5', '0.95']) {
      expect(durationExprs).toContainEqual(expect.stringMatching(new RegExp(`^histogram_quantile\\(${q.replace('.', '\\.')}, sum by \\(le, asset\\) \\(rate\\(`)));
    }
  });
});
