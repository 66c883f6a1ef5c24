/**
 * The `backfill` workflow's one JSON argument: its schema, defaults and the
 * messages that name what is wrong with it.
 */
import { z } from 'zod';
import { ASSET_NAME } from './asset-spec';
import { InvalidBackfillRequestError } from './errors';
import { parseTimeSpec, TIME_SPEC_FORMS, type TimeWindow } from './partitions/time-spec';
import { SELECTION_MODES, type SelectionMode } from './selection/selection-mode';
import { shownValue } from './shown-value';

/** Highest `maxConcurrency` accepted: far below Temporal's 2,000 pending children per workflow. */
export const MAX_CONCURRENCY_CEILING = 500;
/** Concurrency when the request gives none. */
export const DEFAULT_MAX_CONCURRENCY = 8;

/** At most this many problems are listed; a hostile request can have thousands. */
const MAX_PROBLEMS = 10;

/** Most partitions a `lookback` reaches back, per asset. */
export const MAX_LOOKBACK = 10_000;

/** Largest canary: a few partitions per asset, to try the backfill on before the rest. */
export const MAX_CANARY = 1000;

/** Longest time publish may keep replaced rows for rollback. */
export const MAX_KEEP_REPLACED_DAYS = 365;
/** How long publish keeps replaced rows when the request gives none. */
export const DEFAULT_KEEP_REPLACED_DAYS = 7;

/**
 * Temporal task priorities (priority keys): 1 runs first, 5 last; work that
 * sets none runs at 3. A backfill's partitions run at 4 unless it says otherwise,
 * so the team's other workflows on a shared task queue go ahead of them.
 */
export const MAX_PRIORITY_KEY = 5;
export const DEFAULT_BACKFILL_PRIORITY = 4;

/** How a backfill writes: in place, or to shadow tables published together at the end. */
export const ISOLATIONS = ['none', 'shadow'] as const;
export type Isolation = (typeof ISOLATIONS)[number];

/** A whole number from 1 to `max`; every way of missing it gets the same message, naming what was sent. */
function wholeNumberUpTo(max: number, what: string) {
  const error = (issue: { input?: unknown }): string => `expected a whole number${what} from 1 to ${max}, got ${shownValue(issue.input)}`;
  return z.number({ error }).int({ error }).min(1, { error }).max(max, { error });
}

/**
 * Built on first use, not at load: every workflow evaluates this module anew
 * (a reused V8 context), and the partitions' workflows never validate a request.
 */
function buildRequestSchema() {
  const timeSpec = z.string().refine((s) => parseTimeSpec(s) !== undefined, {
    error: (issue) => `expected ${TIME_SPEC_FORMS} of a real date, got ${shownValue(issue.input)}`,
  });

  const assetName = z.string().regex(ASSET_NAME, {
    error: (issue) => `asset names match ${ASSET_NAME} (lowercase letters, digits, _), got ${shownValue(issue.input)}`,
  });

  return z.strictObject({
    assets: z.array(assetName).min(1, { message: 'name at least one asset' }).max(1000),
    from: timeSpec.optional(),
    to: timeSpec.optional(),
    partitions: z.array(z.string().min(1).max(128)).min(1, { message: 'give at least one partition key' }).max(100_000).optional(),
    lookback: wholeNumberUpTo(MAX_LOOKBACK, ' of partitions').optional(),
    downstream: z.boolean().default(false),
    maxConcurrency: wholeNumberUpTo(MAX_CONCURRENCY_CEILING, '').default(DEFAULT_MAX_CONCURRENCY),
    mode: z
      .enum(SELECTION_MODES, { error: (issue) => `expected one of ${SELECTION_MODES.join(', ')}, got ${shownValue(issue.input)}` })
      .default('stale'),
    dryRun: z.boolean().default(false),
    canary: wholeNumberUpTo(MAX_CANARY, ' of partitions per asset').optional(),
    canaryApproval: z.boolean().default(false),
    newestFirst: z.boolean().default(false),
    isolation: z
      .enum(ISOLATIONS, { error: (issue) => `expected one of ${ISOLATIONS.join(', ')}, got ${shownValue(issue.input)}` })
      .default('none'),
    publishApproval: z.boolean().default(false),
    keepReplacedDays: wholeNumberUpTo(MAX_KEEP_REPLACED_DAYS, ' of days').optional(),
    priority: wholeNumberUpTo(MAX_PRIORITY_KEY, ' (1 runs first)').default(DEFAULT_BACKFILL_PRIORITY),
  });
}

let built: ReturnType<typeof buildRequestSchema> | undefined;
const requestSchema = () => (built ??= buildRequestSchema());

/** One line per issue, naming the field; unknown keys (which may be huge) are cut short. */
function issueProblems(issues: readonly z.core.$ZodIssue[]): string[] {
  const lines = issues.map((issue) => {
    const message =
      issue.code === 'unrecognized_keys'
        ? `Unrecognized key${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.slice(0, 5).map((key) => shownValue(key)).join(', ')}` +
          ` (accepted: ${Object.keys(requestSchema().shape).join(', ')})`
        : issue.message;
    return `${issue.path.join('.') || 'request'}: ${message}`;
  });
  return capped([...new Set(lines)]);
}

function capped(problems: string[]): string[] {
  if (problems.length <= MAX_PROBLEMS) return problems;
  return [...problems.slice(0, MAX_PROBLEMS), `and ${problems.length - MAX_PROBLEMS} more problems`];
}

/** The request as sent: what `temporal workflow start --input` and the client pass. */
export type BackfillRequestInput = z.input<ReturnType<typeof buildRequestSchema>>;

/**
 * How a backfill writes. `none`: in place. `shadow`: every partition is
 * written to shadow tables, the assets' checks run on them, and only then is
 * everything published to production in one transaction.
 */
export type RequestIsolation =
  | { kind: 'none' }
  | {
      kind: 'shadow';
      /** After the checks pass, wait for `publish` instead of publishing at once. */
      publishApproval: boolean;
      /** Days publish keeps the replaced production rows, for rollback. */
      keepReplacedDays: number;
    };

/** A canary: this many partitions of each asset first, spread across the range. */
export interface CanaryRequest {
  perAsset: number;
  /** After the canary, pause until `resume` instead of continuing by itself. */
  approval: boolean;
}

/**
 * A validated request with defaults applied: the wire JSON's flat fields
 * grouped where they belong together (isolation, canary), so a field that
 * only means something with another cannot be read without it.
 */
export interface BackfillRequest {
  assets: string[];
  from?: string;
  to?: string;
  partitions?: string[];
  /**
   * Instead of a range: the last `lookback` complete partitions of each
   * targeted asset, as of the backfill's start (a schedule's: its nominal time).
   */
  lookback?: number;
  downstream: boolean;
  maxConcurrency: number;
  /** Which partitions of the targeted range run. @default 'stale' */
  mode: SelectionMode;
  /** Plan only: report what would run and why; nothing runs, nothing is written. */
  dryRun: boolean;
  /** Runs some partitions of each asset first (`canary`, `canaryApproval` on the wire). */
  canary?: CanaryRequest;
  /** Newest partitions first (refused for assets that depend on their past). */
  newestFirst: boolean;
  /** `isolation`, `publishApproval` and `keepReplacedDays` (default 7) on the wire. @default { kind: 'none' } */
  isolation: RequestIsolation;
  /**
   * The Temporal priority key of the backfill's partitions (their child
   * workflows and activities): 1 runs first, 5 last; other work runs at 3. @default 4
   */
  priority: number;
  /** `from`..`to` as a UTC window, when given. */
  range?: TimeWindow;
}

/**
 * Validates the workflow argument.
 * @throws InvalidBackfillRequestError naming every problem found.
 */
export function parseBackfillRequest(input: unknown): BackfillRequest {
  const parsed = requestSchema().safeParse(input);
  if (!parsed.success) {
    throw new InvalidBackfillRequestError(issueProblems(parsed.error.issues));
  }
  const { canary, canaryApproval, isolation, publishApproval, keepReplacedDays, ...rest } = parsed.data;
  const request: BackfillRequest = {
    ...rest,
    ...(canary !== undefined && { canary: { perAsset: canary, approval: canaryApproval } }),
    isolation: isolation === 'shadow' ? { kind: 'shadow', publishApproval, keepReplacedDays: keepReplacedDays ?? DEFAULT_KEEP_REPLACED_DAYS } : { kind: 'none' },
  };
  const problems: string[] = [];
  if (new Set(request.assets).size !== request.assets.length) problems.push('assets: an asset is listed twice');
  if ((request.from === undefined) !== (request.to === undefined)) problems.push('give both from and to, or neither');
  if (request.partitions && request.from !== undefined) problems.push('give either from/to or partitions, not both');
  if (request.lookback !== undefined && (request.from !== undefined || request.partitions)) problems.push('give lookback, from/to or partitions, only one of them');
  if (request.from !== undefined && request.to !== undefined) {
    const from = parseTimeSpec(request.from)!;
    const to = parseTimeSpec(request.to)!;
    if (from.start >= to.end) problems.push(`from ${request.from} is after to ${request.to}`);
    request.range = { start: from.start, end: to.end };
  }
  if (canaryApproval && canary === undefined) problems.push('canaryApproval: give canary, the partitions per asset to try first');
  if (isolation !== 'shadow') {
    if (publishApproval) problems.push("publishApproval: only a backfill with isolation 'shadow' is published");
    if (keepReplacedDays !== undefined) problems.push("keepReplacedDays: only a backfill with isolation 'shadow' replaces rows it keeps");
  }
  if (problems.length > 0) throw new InvalidBackfillRequestError(problems);
  return request;
}
