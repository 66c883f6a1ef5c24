/**
 * The `backfill` workflow's one JSON argument: its schema, defaults and the
 * messages that name what is wrong with it.
 */
import { z } from 'zod';
import { ASSET_NAME } from './asset-spec';
import { InvalidBackfillRequestError } from './errors';
import { parseTimeSpec, TIME_SPEC_FORMS, type TimeWindow } from './partitions/time-spec';

/** Highest `maxConcurrency` accepted: far below Temporal's 2,000 pending children per workflow. */
export const MAX_CONCURRENCY_CEILING = 500;
/** Concurrency when the request gives none. */
export const DEFAULT_MAX_CONCURRENCY = 8;

const timeSpec = z
  .string()
  .max(32)
  .refine((s) => parseTimeSpec(s) !== undefined, { message: `expected ${TIME_SPEC_FORMS}` });

const requestSchema = z.strictObject({
  assets: z
    .array(z.string().max(63).regex(ASSET_NAME, { message: `asset names match ${ASSET_NAME}` }))
    .min(1, { message: 'name at least one asset' })
    .max(1000),
  from: timeSpec.optional(),
  to: timeSpec.optional(),
  partitions: z.array(z.string().min(1).max(128)).min(1, { message: 'give at least one partition key' }).max(100_000).optional(),
  downstream: z.boolean().default(false),
  maxConcurrency: z.number().int().min(1).max(MAX_CONCURRENCY_CEILING).default(DEFAULT_MAX_CONCURRENCY),
});

/** The request as sent: what `temporal workflow start --input` and the client pass. */
export type BackfillRequestInput = z.input<typeof requestSchema>;

/** A validated request with defaults applied. */
export interface BackfillRequest {
  assets: string[];
  from?: string;
  to?: string;
  partitions?: string[];
  downstream: boolean;
  maxConcurrency: number;
  /** `from`..`to` as a UTC window, when given. */
  range?: TimeWindow;
}

/**
 * Validates the workflow argument.
 * @throws InvalidBackfillRequestError naming every problem found.
 */
export function parseBackfillRequest(input: unknown): BackfillRequest {
  const parsed = requestSchema.safeParse(input);
  if (!parsed.success) {
    throw new InvalidBackfillRequestError(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || 'request'}: ${issue.message}`),
    );
  }
  const request: BackfillRequest = { ...parsed.data };
  const problems: string[] = [];
  if (new Set(request.assets).size !== request.assets.length) problems.push('assets: an asset is listed twice');
  if ((request.from === undefined) !== (request.to === undefined)) problems.push('give both from and to, or neither');
  if (request.partitions && request.from !== undefined) problems.push('give either from/to or partitions, not both');
  if (request.from !== undefined && request.to !== undefined) {
    const from = parseTimeSpec(request.from)!;
    const to = parseTimeSpec(request.to)!;
    if (from.start >= to.end) problems.push(`from ${request.from} is after to ${request.to}`);
    request.range = { start: from.start, end: to.end };
  }
  if (problems.length > 0) throw new InvalidBackfillRequestError(problems);
  return request;
}
