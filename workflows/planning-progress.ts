/** The backfill's `progress` before its plan exists. */
import { workflowInfo } from '@temporalio/workflow';
import { totalCounts, type BackfillProgress } from '../core/run/backfill-progress';

/** What `progress` answers before the plan exists. */
export function planningProgress(backfillId: string): BackfillProgress {
  const start = workflowInfo().startTime;
  return {
    backfillId,
    state: 'planning',
    maxConcurrency: 0,
    startedAt: start.toISOString(),
    elapsedMs: Date.now() - start.getTime(),
    totals: totalCounts([]),
    assets: [],
    running: [],
    recentFailures: [],
  };
}
