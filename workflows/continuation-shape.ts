/**
 * The shape of the state a `backfill` run hands its next run across
 * continue-as-new (`BackfillContinuation`), checked before the next run uses
 * it: a malformed one would otherwise fail every workflow task, retried until
 * someone terminates the workflow.
 */
import { z } from 'zod';
import { catalogProblems } from '../core/asset-graph';
import type { AssetSpec } from '../core/asset-spec';
import { backfillPolicyProblems } from '../core/backfill-policy';
import { TimeGranularity } from '../core/partitions/time-granularity';
import { CanaryState } from '../core/run/backfill-progress';
import { BackfillOutcome } from '../core/run/backfill-summary';
import { retryPolicyProblems } from '../core/retry-policy';
import { SELECTION_MODES } from '../core/selection/selection-mode';
import { printable } from '../core/shown-value';
import { PartitionStatus } from '../core/status/partition-status';

/** At most this many problems are listed, each cut to MAX_PROBLEM_LENGTH characters (a path may hold a huge key). */
const MAX_PROBLEMS = 10;
const MAX_PROBLEM_LENGTH = 300;

/**
 * Built on first use, not at load: every workflow evaluates this module anew
 * (a reused V8 context), and only continued runs check a continuation.
 * Objects are not strict: a continuation written by a newer deployment may
 * carry more, and what is checked is only what this code reads.
 */
function buildContinuationSchema() {
  const count = z.number().int().min(0);
  const positive = z.number().int().min(1);
  const duration = z.union([z.number(), z.string()]);
  const partitions = z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('time'), granularity: z.enum(Object.values(TimeGranularity)), every: z.number().int().optional(), start: z.string(), end: z.string().optional() }),
    z.object({ kind: z.literal('static'), keys: z.array(z.string()) }),
    z.object({ kind: z.literal('unpartitioned') }),
  ]);
  const asset = z.object({
    name: z.string(),
    partitions,
    deps: z.array(z.string()),
    mappings: z.record(z.string(), z.object({ kind: z.string() })).optional(),
    dependsOnPast: z.boolean(),
    codeVersion: z.string(),
    retry: z
      .object({ initialInterval: duration.optional(), backoffCoefficient: z.number().optional(), maximumInterval: duration.optional(), maximumAttempts: z.number().optional() })
      .optional(),
    backfillPolicy: z.object({ kind: z.string() }).optional(),
    batching: z.object({ budgetMs: positive, maxPartitions: positive }).optional(),
  });
  const statuses = Object.values(PartitionStatus);
  const selection = z.object({
    mode: z.enum(SELECTION_MODES),
    assets: z.array(
      z.object({
        asset: z.string(),
        targeted: count,
        selected: count,
        byStatus: z.record(z.enum(statuses), count),
        selectedRuns: z.array(z.tuple([count, count])),
        reasons: z.array(z.object({ from: z.string(), to: z.string(), count, status: z.enum(statuses), reason: z.string() })),
        unlisted: count,
      }),
    ),
  });
  const run = z.object({
    scheduler: z.object({
      states: z.string().regex(/^[pskfc]*$/, { message: 'expected one letter (p, s, f, k, c) per planned partition' }),
      rowsByAsset: z.record(z.string(), z.number()),
      reasons: z.array(z.tuple([count, z.string()])),
    }),
    paused: z.boolean(),
    maxConcurrency: positive,
    failures: z.array(z.object({ asset: z.string(), partition: z.string(), reason: z.string(), at: z.string() })),
    canary: z.object({ state: z.enum(Object.values(CanaryState)), perAsset: count, partitions: count, done: count, failed: count }).optional(),
    continuedAsNew: count,
    largestHistory: count,
    startedAt: z.string().refine((s) => Number.isFinite(Date.parse(s)), { message: 'expected an ISO 8601 time' }),
    partitionCosts: z.record(z.string(), z.number().nonnegative()).optional(),
    capacity: positive.optional(),
  });
  const counts = { total: count, pending: count, succeeded: count, failed: count, skipped: count, cancelled: count };
  const note = z.object({ partition: z.string(), reason: z.string() });
  const summary = z.object({
    backfillId: z.string(),
    outcome: z.enum(Object.values(BackfillOutcome)),
    ...counts,
    assets: z.array(z.object({ asset: z.string(), ...counts, running: count, rows: z.number(), failures: z.array(note), skips: z.array(note) })),
    selection: z.object({ mode: z.enum(SELECTION_MODES), targeted: count, selected: count }).optional(),
  });
  const segments = z
    .object({
      windows: z.array(z.tuple([z.number().int(), z.number().int()])).min(1),
      index: count,
      starts: z.boolean(),
      done: summary.optional(),
      continuingChains: z.array(z.string()),
    })
    .refine((s) => s.index < s.windows.length, { message: 'index: past the last segment' });
  return z.object({
    assets: z.array(asset).min(1),
    limits: z.object({
      maxPartitions: positive,
      maxPartitionsPerRun: positive.optional(),
      maxConcurrency: positive.optional(),
      continueAsNewAfterEvents: positive.optional(),
    }),
    nowMs: z.number().int(),
    selection: selection.optional(),
    run,
    publishRequested: z.boolean().optional(),
    segments: segments.optional(),
    fromRunId: z.string().min(1).optional(),
  });
}

let built: ReturnType<typeof buildContinuationSchema> | undefined;
const continuationSchema = () => (built ??= buildContinuationSchema());

/** What the asset specs' own rules (the worker's, at load) say of the carried specs. */
function specProblems(assets: readonly AssetSpec[]): string[] {
  const perAsset = assets.flatMap((a) => [
    ...retryPolicyProblems(a.retry).map((p) => `asset "${a.name}": ${p}`),
    ...backfillPolicyProblems(a.backfillPolicy, a.partitions.kind).map((p) => `asset "${a.name}": ${p}`),
  ]);
  return [...perAsset, ...catalogProblems(assets)].map((p) => `assets: ${p}`);
}

/**
 * Every problem with `value` as a backfill's continue-as-new state, field by
 * field (at most 10, escaped); empty when it is well formed.
 */
export function continuationProblems(value: unknown): string[] {
  const parsed = continuationSchema().safeParse(value);
  // The specs as sent: parsing drops what the shape does not list (e.g. maxPartitionsPerRun).
  const problems = parsed.success
    ? specProblems((value as { assets: AssetSpec[] }).assets)
    : parsed.error.issues.map((issue) => `${issue.path.join('.') || 'continuation'}: ${issue.message}`);
  const unique = [...new Set(problems)].map((p) => printable(p).slice(0, MAX_PROBLEM_LENGTH));
  return unique.length <= MAX_PROBLEMS ? unique : [...unique.slice(0, MAX_PROBLEMS), `and ${unique.length - MAX_PROBLEMS} more problems`];
}
