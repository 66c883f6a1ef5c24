/**
 * Where a backfill run in time segments is (core/plan/backfill-segments.ts),
 * and what it hands its next run: the segment's window to plan, the summary
 * of the segments done, and which cumulative chains already changed.
 */
import type { AssetSpec } from '../core/asset-spec';
import type { PlanTargets } from '../core/plan/backfill-plan';
import type { BackfillProgress } from '../core/run/backfill-progress';
import type { PlanSegment } from '../core/plan/backfill-segments';
import type { BackfillSummary } from '../core/run/backfill-summary';
import { isoOf, type TimeWindow } from '../core/partitions/time-spec';
import { addSegmentSummary, progressWithSegments } from '../core/run/segment-summary';
import { omit } from '../core/omit';
import type { RunCarry } from './run-settings';
import type { SegmentsCarry } from './carried-state';

/** A new segment's plan starts with no partition state. */
const NEW_PLAN = { states: '', rowsByAsset: {}, reasons: [] };

export class BackfillSegments {
  /**
   * @param runStarted whether a run of the segment is under way: false for a
   *   segment made by `next`, whose first run is still to come.
   */
  constructor(
    private readonly state: SegmentsCarry,
    private readonly runStarted = true,
  ) {}

  /** The first segment of a backfill cut into `windows`. */
  static first(windows: readonly TimeWindow[]): BackfillSegments {
    return new BackfillSegments({ windows: windows.map((w) => [w.start, w.end]), index: 0, starts: true, continuingChains: [] });
  }

  get index(): number {
    return this.state.index;
  }

  /** Whether this run starts its segment (plans it and reads the ledger anew). */
  get starts(): boolean {
    return this.state.starts;
  }

  /** The segment this run plans. */
  segment(): PlanSegment {
    const [start, end] = this.state.windows[this.state.index]!;
    return { range: { start, end }, continuingChains: this.state.continuingChains };
  }

  /** `progress` of the whole backfill: the segments done plus the running one. */
  decorate(progress: BackfillProgress): BackfillProgress {
    const { range } = this.segment();
    const segment = { current: this.state.index + 1, count: this.state.windows.length, from: isoOf(range.start), to: isoOf(range.end) };
    return progressWithSegments(progress, this.state.done, segment);
  }

  /** A run's state for the first run of a segment: the plan (and a canary) were the previous segment's. */
  carryIntoSegment(run: RunCarry): Omit<RunCarry, 'scheduler' | 'canary'> {
    return omit(run, 'scheduler', 'canary');
  }

  /** What the next run reads: this segment's next run (continue-as-new within it), or a segment's first run. */
  carry(): SegmentsCarry {
    return this.runStarted ? { ...this.state, starts: false } : this.state;
  }

  /**
   * The next segment once this one ended with `outcome`; undefined after the
   * last one or a cancellation.
   * @param targets this segment's targets, for the cumulative chains it changed.
   */
  next(outcome: BackfillSummary, targets: PlanTargets, specs: ReadonlyMap<string, AssetSpec>, requested: readonly string[]): BackfillSegments | undefined {
    const { windows, index, done, continuingChains } = this.state;
    if (outcome.outcome === 'cancelled' || index + 1 >= windows.length) return undefined;
    const started = [...targets].filter(([asset, keys]) => keys.length > 0 && specs.get(asset)?.dependsOnPast && !requested.includes(asset)).map(([a]) => a);
    return new BackfillSegments({
      windows,
      index: index + 1,
      starts: true,
      done: addSegmentSummary(done, outcome),
      continuingChains: [...new Set([...continuingChains, ...started])],
    }, false);
  }

  /** The state the next segment's first run starts from. */
  run(carry: RunCarry): RunCarry {
    return { ...omit(carry, 'canary'), scheduler: NEW_PLAN };
  }

  /** The backfill's summary once this segment ended with `outcome` and no other follows. */
  summary(outcome: BackfillSummary): BackfillSummary {
    return { ...addSegmentSummary(this.state.done, outcome), segments: this.state.index + 1 };
  }
}
