/**
 * The arguments of `RetrofillClient`'s methods, checked before anything is
 * sent: a wrong one is refused with the client's typed error naming it, never
 * passed on to fail deep in the SDK (a `TypeError`) or to be changed on the
 * way (`NaN` travels as JSON `null`).
 */
import { PARTITION_KEY } from '../core/partitions/partition-key-shape';
import { z } from 'zod';
import { ASSET_NAME } from '../core/asset-spec';
import { MAX_CONCURRENCY_CEILING } from '../core/backfill-request';
import { parseConcurrency } from '../core/concurrency';
import { InvalidStatusRequestError } from '../core/errors';
import { shownValue, UNPRINTABLE } from '../core/shown-value';
import type { TemporalConnectionOptions } from './connection-options';
import { InvalidOptionsError } from './errors';

/** Most backfills `list` returns at once. */
export const MAX_LIST_LIMIT = 10_000;

/** `host:port`, `[ipv6]:port`. */
const ADDRESS = /^(\[[0-9a-fA-F:]+\]|[^\s:/[\]]+):(\d{1,5})$/;

/** Why `address` is not `host:port`, or undefined. */
export function addressProblem(address: string): string | undefined {
  const port = UNPRINTABLE.test(address) ? undefined : ADDRESS.exec(address)?.[2];
  if (port === undefined || Number(port) < 1 || Number(port) > 65_535) return `expected host:port, got ${shownValue(address)}`;
  return undefined;
}

/** Every way of missing a field gets the same message, naming what was sent. */
const named = (expected: string) => ({ error: (issue: { input?: unknown }) => `expected ${expected}, got ${shownValue(issue.input)}` });

/** A name Temporal shows and the CLI prints: 1 to 1,000 characters, no control, format or separator character. */
const printableName = () =>
  z
    .string(named('a non-empty string'))
    .min(1, named('a non-empty string'))
    .max(1000, named('at most 1,000 characters'))
    .refine((s) => !UNPRINTABLE.test(s), named('no control, format or separator characters'));

let shapes: ReturnType<typeof buildShapes> | undefined;

function buildShapes() {
  const limit = named(`a whole number from 1 to ${MAX_LIST_LIMIT}`);
  return {
    list: z
      .strictObject({
        runningOnly: z.boolean(named('true or false')).optional(),
        all: z.boolean(named('true or false')).optional(),
        limit: z.number(limit).int(limit).min(1, limit).max(MAX_LIST_LIMIT, limit).optional(),
      })
      .optional(),
    start: z.strictObject({ check: z.boolean(named('true or false')).optional() }).optional(),
    connection: z.strictObject({
      address: z.string(named('host:port')).refine((a) => addressProblem(a) === undefined, named('host:port')),
      namespace: printableName(),
      taskQueue: printableName(),
      tls: z.union([z.boolean(), z.looseObject({})], named('true, false or { clientCertPair }')).optional(),
      apiKey: z.string(named('a string')).min(1, named('a non-empty string')).optional(),
    }),
  };
}

const shape = () => (shapes ??= buildShapes());

/** The environment variable each connection option falls back to. */
const ENV_OF: Record<string, string> = {
  address: 'TEMPORAL_ADDRESS',
  namespace: 'TEMPORAL_NAMESPACE',
  taskQueue: 'RETROFILL_TASK_QUEUE',
  apiKey: 'TEMPORAL_API_KEY',
};

/**
 * One line per problem, naming the field (and, for a value taken from the
 * environment, its variable); unknown keys cut short.
 */
function problems(issues: readonly z.core.$ZodIssue[], accepted: readonly string[], fromEnv: ReadonlySet<string> = new Set()): string[] {
  return issues.map((issue) => {
    const message =
      issue.code === 'unrecognized_keys'
        ? `unknown option${issue.keys.length > 1 ? 's' : ''} ${issue.keys.slice(0, 5).map((k) => shownValue(k)).join(', ')} (accepted: ${accepted.join(', ')})`
        : issue.message;
    const field = issue.path.join('.');
    const source = fromEnv.has(field) && ENV_OF[field] ? ` (${ENV_OF[field]})` : '';
    return field ? `${field}${source}: ${message}` : message;
  });
}

/** `list`'s options with defaults. @throws InvalidOptionsError naming each problem. */
export function checkedListOptions(options: unknown): { runningOnly: boolean; all: boolean; limit: number } {
  const parsed = shape().list.safeParse(options);
  if (!parsed.success) throw new InvalidOptionsError('list', problems(parsed.error.issues, ['runningOnly', 'all', 'limit']));
  return { runningOnly: parsed.data?.runningOnly ?? false, all: parsed.data?.all ?? false, limit: parsed.data?.limit ?? 20 };
}

/** `start`'s options with defaults. @throws InvalidOptionsError naming each problem. */
export function checkedStartOptions(options: unknown): { check: boolean } {
  const parsed = shape().start.safeParse(options);
  if (!parsed.success) throw new InvalidOptionsError('start', problems(parsed.error.issues, ['check']));
  return { check: parsed.data?.check ?? true };
}

/** The connection options in force (the caller's over the environment's). @throws InvalidOptionsError naming each problem. */
export function checkedConnectionOptions(options: unknown, fromEnv: TemporalConnectionOptions): TemporalConnectionOptions {
  if (options !== undefined && (typeof options !== 'object' || options === null || Array.isArray(options))) {
    throw new InvalidOptionsError('connection', [`expected an object, got ${shownValue(options)}`]);
  }
  // A field given as undefined keeps the environment's value, as an absent one does.
  const given = Object.fromEntries(Object.entries(options ?? {}).filter(([, v]) => v !== undefined));
  const parsed = shape().connection.safeParse({ ...fromEnv, ...given });
  if (!parsed.success) {
    const envFields = new Set(Object.keys(fromEnv).filter((k) => !(k in given)));
    throw new InvalidOptionsError('connection', problems(parsed.error.issues, Object.keys(shape().connection.shape), envFields));
  }
  return { ...fromEnv, ...given };
}

/** An asset name for `assetStatus`. @throws InvalidStatusRequestError naming the problem. */
export function checkedAssetName(asset: unknown): string {
  if (typeof asset !== 'string' || !ASSET_NAME.test(asset)) {
    throw new InvalidStatusRequestError(`asset: expected an asset name matching ${ASSET_NAME} (lowercase letters, digits, _), got ${shownValue(asset)}`);
  }
  return asset;
}

/** @throws InvalidStatusRequestError naming the value, when it cannot be a partition key. */
export function checkedPartitionKey(key: unknown): string {
  if (typeof key !== 'string' || !PARTITION_KEY.test(key)) {
    throw new InvalidStatusRequestError(`key: expected a partition key matching ${PARTITION_KEY}, got ${shownValue(key)}`);
  }
  return key;
}

/**
 * A concurrency for `throttle`, within the largest any worker allows (a worker
 * may allow less: the backfill checks its own ceiling).
 * @throws InvalidConcurrencyError naming the value.
 */
export function checkedConcurrency(value: unknown): number {
  return parseConcurrency({ maxConcurrency: value }, MAX_CONCURRENCY_CEILING);
}
