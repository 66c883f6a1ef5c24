/**
 * Reads the ledger for a backfill's targeted partitions and judges each
 * (missing, stale, failed, current), so the workflow runs only those its
 * selection mode asks for. Returns a compact selection, never key lists.
 */
import { availableParallelism } from 'node:os';
import type { Knex } from 'knex';
import type { AssetCatalog } from '../assets/asset-catalog';
import { parseBackfillRequest, type BackfillRequest } from '../core/backfill-request';
import type { PlanLimits } from '../core/plan/backfill-plan';
import type { PlanSegment } from '../core/plan/backfill-segments';
import { ledgerSpans, type KeySpan } from '../core/selection/ledger-spans';
import { planTargets } from '../core/plan/plan-targets';
import { judgedSelection } from '../core/selection/backfill-selection';
import type { LedgerView } from '../core/selection/partition-selection';
import type { SelectionAssessment } from '../core/selection/selection-assessment';
import type { PartitionHistory } from '../core/status/partition-status';
import { readPartitionHistories } from '../db/ledger/partition-histories';
import { recentDurations, type AssetDurations } from '../db/ledger/recent-durations';
import { NO_METRICS, type RetrofillMetrics } from '../observability/retrofill-metrics';

export interface AssessPartitionsInput {
  /** The backfill's request, parsed by the workflow. */
  parsed?: BackfillRequest;
  /** The request as sent, from workflows started before they passed it parsed: parsed here. */
  request?: unknown;
  /** The workflow's clock, so both sides target the same partitions. */
  nowMs: number;
  /** Of a backfill run in time segments: the segment planned (absent: the whole request). */
  segment?: PlanSegment;
}

export interface PartitionAssessment {
  selection: SelectionAssessment;
  /** Recent durations of the targeted assets, for the plan's estimate. */
  durations: Record<string, AssetDurations>;
  /**
   * The cores of the worker's machine: how many partitions the estimate lets
   * run at full speed at once (absent from workers before it: no limit).
   */
  capacity?: number;
}

export function assessPartitionsActivity(deps: { db: Knex; catalog: AssetCatalog; limits: PlanLimits; metrics?: RetrofillMetrics }) {
  const metrics = deps.metrics ?? NO_METRICS;
  return async function assessPartitions(input: AssessPartitionsInput): Promise<PartitionAssessment> {
    const { db, catalog, limits } = deps;
    const request = input.parsed ?? parseBackfillRequest(input.request);
    const specs = catalog.specs();
    const targets = planTargets(specs, request, input.nowMs, limits, input.segment);
    const ledger = await readLedger(db, ledgerSpans(specs, targets, input.nowMs));
    const selection = judgedSelection(specs, targets, request, ledger, input.nowMs);
    const durations = await recentDurations({ knex: db }, [...targets.keys()]);
    // What a starting backfill will run (a dry run only reports it).
    if (!request.dryRun) for (const a of selection.assets) metrics.planned(a.asset, a.selected);
    return { selection, durations, capacity: availableParallelism() };
  };
}

/**
 * The histories of the given assets' partitions, as the selection reads them.
 * @param assets every asset to read, with the span of keys to read (ledger-spans.ts), or a list: every key of each.
 */
export async function readLedger(db: Knex, assets: string[] | ReadonlyMap<string, KeySpan>): Promise<LedgerView> {
  const spans = Array.isArray(assets) ? new Map(assets.map((a) => [a, 'all' as const])) : assets;
  const histories = new Map<string, Map<string, PartitionHistory>>();
  for (const [asset, span] of spans) histories.set(asset, await readPartitionHistories({ knex: db }, asset, span));
  const none: PartitionHistory = {};
  return {
    history: (asset, key) => histories.get(asset)?.get(key) ?? none,
    *materializedKeys(asset) {
      for (const [key, history] of histories.get(asset) ?? []) if (history.lastSuccess) yield key;
    },
  };
}
