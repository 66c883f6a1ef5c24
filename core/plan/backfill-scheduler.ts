/**
 * The state of a running backfill over its plan: which partitions may start
 * now, and what follows from each outcome. Pure, so the workflow drives it and
 * unit tests check it without Temporal.
 */
import type { BackfillPlan } from './backfill-plan';
import { NOTES_PER_ASSET, type AssetSummary, type BackfillSummary } from './backfill-summary';
import { MinHeap } from './min-heap';

export const PartitionState = {
  PENDING: 'pending',
  RUNNING: 'running',
  SUCCEEDED: 'succeeded',
  FAILED: 'failed',
  SKIPPED: 'skipped',
} as const;
export type PartitionState = (typeof PartitionState)[keyof typeof PartitionState];

export class BackfillScheduler {
  private readonly state: PartitionState[];
  private readonly rows: number[];
  private readonly reasons = new Map<number, string>();
  private readonly waitingOn: number[];
  private readonly dependents: number[][];
  private readonly ready = new MinHeap();
  private open: number;

  constructor(readonly plan: BackfillPlan) {
    const n = plan.partitions.length;
    this.state = new Array<PartitionState>(n).fill('pending');
    this.rows = new Array<number>(n).fill(0);
    this.waitingOn = plan.partitions.map((p) => p.deps.length);
    this.dependents = plan.partitions.map(() => []);
    plan.partitions.forEach((p, i) => p.deps.forEach((d) => this.dependents[d]!.push(i)));
    this.waitingOn.forEach((w, i) => w === 0 && this.ready.push(i));
    this.open = n;
  }

  /** A partition whose inputs are all done is waiting to start. */
  hasReady(): boolean {
    return this.ready.size > 0;
  }

  /** Every partition has succeeded, failed or been skipped. */
  isFinished(): boolean {
    return this.open === 0;
  }

  /** Takes the oldest ready partition and marks it running. */
  start(): number {
    const i = this.ready.pop();
    if (i === undefined) throw new Error('no partition is ready');
    this.state[i] = 'running';
    return i;
  }

  succeed(i: number, rows: number): void {
    this.finish(i, 'succeeded');
    this.rows[i] = rows;
    for (const d of this.dependents[i]!) {
      if (--this.waitingOn[d]! === 0 && this.state[d] === 'pending') this.ready.push(d);
    }
  }

  /** Records the failure and skips everything downstream of it, naming it as the reason. */
  fail(i: number, error: string): void {
    this.finish(i, 'failed');
    this.reasons.set(i, error);
    const cause = this.label(i);
    const stack = [...this.dependents[i]!];
    while (stack.length > 0) {
      const d = stack.pop()!;
      if (this.state[d] !== 'pending') continue;
      this.finish(d, 'skipped');
      this.reasons.set(d, `upstream ${cause} failed`);
      stack.push(...this.dependents[d]!);
    }
  }

  /** `asset/key` of a planned partition. */
  label(i: number): string {
    const p = this.plan.partitions[i]!;
    return `${p.asset}/${p.key}`;
  }

  summary(backfillId: string): BackfillSummary {
    const byAsset = new Map<string, AssetSummary>(
      this.plan.assets.map((asset) => [
        asset,
        { asset, total: 0, succeeded: 0, failed: 0, skipped: 0, rows: 0, failures: [], skips: [] },
      ]),
    );
    this.plan.partitions.forEach((p, i) => {
      const s = byAsset.get(p.asset)!;
      const state = this.state[i]!;
      s.total++;
      s.rows += this.rows[i]!;
      if (state === 'succeeded') s.succeeded++;
      if (state === 'failed') s.failed++;
      if (state === 'skipped') s.skipped++;
      const notes = state === 'failed' ? s.failures : state === 'skipped' ? s.skips : undefined;
      if (notes && notes.length < NOTES_PER_ASSET) notes.push({ partition: p.key, reason: this.reasons.get(i)! });
    });
    const assets = [...byAsset.values()];
    const sum = (k: 'total' | 'succeeded' | 'failed' | 'skipped'): number => assets.reduce((n, a) => n + a[k], 0);
    return {
      backfillId,
      outcome: sum('succeeded') === sum('total') ? 'completed' : 'completedWithFailures',
      total: sum('total'),
      succeeded: sum('succeeded'),
      failed: sum('failed'),
      skipped: sum('skipped'),
      assets,
    };
  }

  private finish(i: number, state: PartitionState): void {
    this.state[i] = state;
    this.open--;
  }
}
