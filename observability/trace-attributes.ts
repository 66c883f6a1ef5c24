/**
 * The span attributes and log fields that name what a workflow or activity
 * works on, read from its first argument (Retrofill's inputs carry `asset`,
 * `partitionKey` or `partitionKeys`, `backfillId`). Pure: the workflow
 * sandbox uses it too. Values are checked, never trusted to be strings.
 */

/** Attributes a span of Retrofill's carries. */
export interface RetrofillSpanAttributes {
  'retrofill.backfill_id'?: string;
  'retrofill.asset'?: string;
  /** The partition, or the first of several. */
  'retrofill.partition'?: string;
  /** How many partitions the span covers, when more than one. */
  'retrofill.partitions'?: number;
}

const MAX_VALUE_LENGTH = 200;

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v.slice(0, MAX_VALUE_LENGTH) : undefined);

/** What `args` (a workflow's or activity's arguments) say they work on; `backfillId` when the input does not say it. */
export function spanAttributes(args: readonly unknown[], backfillId?: string): RetrofillSpanAttributes {
  const input = args[0];
  const out: RetrofillSpanAttributes = {};
  const id = typeof input === 'object' && input !== null ? text((input as { backfillId?: unknown }).backfillId) : undefined;
  if (id ?? backfillId) out['retrofill.backfill_id'] = (id ?? backfillId)!;
  if (typeof input !== 'object' || input === null) return out;
  const { asset, partitionKey, partitionKeys } = input as { asset?: unknown; partitionKey?: unknown; partitionKeys?: unknown };
  const name = text(asset);
  if (name) out['retrofill.asset'] = name;
  const keys = Array.isArray(partitionKeys) ? partitionKeys : [];
  const first = text(partitionKey) ?? text(keys[0]);
  if (first) out['retrofill.partition'] = first;
  if (keys.length > 1) out['retrofill.partitions'] = keys.length;
  return out;
}

/** The same, as log fields: `backfillId`, `asset`, `partition`. */
export function logFields(attributes: RetrofillSpanAttributes): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  if (attributes['retrofill.backfill_id']) out.backfillId = attributes['retrofill.backfill_id'];
  if (attributes['retrofill.asset']) out.asset = attributes['retrofill.asset'];
  if (attributes['retrofill.partition']) out.partition = attributes['retrofill.partition'];
  if (attributes['retrofill.partitions']) out.partitions = attributes['retrofill.partitions'];
  return out;
}
