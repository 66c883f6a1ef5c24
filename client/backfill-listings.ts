/**
 * What `list` makes of Temporal's visibility: one listing per backfill however
 * many runs it continued into, and Retrofill's other workflows only when all
 * are asked for. Pure, so its output is golden-tested.
 */

import { DRY_RUN_PREFIX, WorkflowType } from '../contract';

/** One backfill as `list` shows it: all its runs (continue-as-new) as one. */
export interface BackfillListing {
  backfillId: string;
  /** Temporal's execution status of its latest run: `RUNNING`, `COMPLETED`, `FAILED`, `CANCELLED`, `TERMINATED`, ... */
  status: string;
  assets: string[];
  /** When its first run listed started. */
  startTime: Date;
  closeTime?: Date;
  /** With `all`: the workflow type, and `dryRun` for a plan (a `backfill` that only reports). */
  kind?: string;
}

/** One workflow run as visibility lists it, newest first. */
export interface ListedRun {
  workflowId: string;
  type: string;
  /** Its execution status, e.g. `CONTINUED_AS_NEW` for every run but a backfill's last. */
  status: string;
  startTime: Date;
  closeTime?: Date;
  /** Its `RetrofillAsset` search attribute. */
  assets?: string[];
  /** Its `RetrofillBackfillId` search attribute: set by every backfill, not by a dry run. */
  backfillId?: string;
}

/**
 * The listings of `runs` (newest first), at most `limit`. Reading stops once
 * the limit is reached and the next run is of another workflow, so earlier
 * runs of a listed backfill may remain unread: see earliestStarts.
 */
export async function collectListings(runs: AsyncIterable<ListedRun>, { all, limit }: { all: boolean; limit: number }): Promise<BackfillListing[]> {
  const found = new Map<string, BackfillListing>();
  for await (const run of runs) {
    const seen = found.get(run.workflowId);
    // Newest run first: an earlier run of a listed backfill only moves its start back.
    if (seen) {
      if (run.startTime < seen.startTime) seen.startTime = run.startTime;
      continue;
    }
    if (found.size >= limit) break;
    const kind = listedKind(run);
    if (!all && kind !== 'backfill') continue;
    found.set(run.workflowId, {
      backfillId: run.workflowId,
      status: run.status,
      assets: run.assets ?? [],
      startTime: run.startTime,
      ...(run.closeTime && { closeTime: run.closeTime }),
      ...(all && { kind }),
    });
  }
  return [...found.values()];
}

/** Moves each listing's start back to the earliest of its `runs` (earlier runs of the same backfills). */
export async function earliestStarts(listings: readonly BackfillListing[], runs: AsyncIterable<ListedRun>): Promise<void> {
  const byId = new Map(listings.map((l) => [l.backfillId, l]));
  for await (const run of runs) {
    const listing = byId.get(run.workflowId);
    if (listing && run.startTime < listing.startTime) listing.startTime = run.startTime;
  }
}

/**
 * A visibility filter matching these workflow ids, `WorkflowId IN ('a', 'b')`,
 * quotes doubled (ids come from any Temporal client); undefined when none is
 * left. Ids with a backslash are left out: the dev server's visibility matches
 * no escaping of one.
 */
export function workflowIdsFilter(ids: readonly string[]): string | undefined {
  const queryable = ids.filter((id) => !id.includes('\\'));
  if (queryable.length === 0) return undefined;
  return `WorkflowId IN (${queryable.map((id) => `'${id.replace(/'/g, "''")}'`).join(', ')})`;
}

/**
 * What a listed workflow is: a backfill, a dry run (`plan-…`, which sets no
 * search attribute), or another of Retrofill's workflows (its type).
 */
function listedKind({ type, workflowId, backfillId }: ListedRun): string {
  if (type !== WorkflowType.backfill) return type;
  return workflowId.startsWith(DRY_RUN_PREFIX) && backfillId === undefined ? 'dryRun' : 'backfill';
}
