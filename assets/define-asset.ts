/**
 * The user-facing way to declare an asset: `defineAsset({...})` in the user's
 * own TypeScript module, which the worker loads.
 */
import type { Knex } from 'knex';
import type { AssetSpec } from '../core/asset-spec';
import type { CheckSpec } from '../core/checks/check-spec';
import type { PartitionMappingSpec } from '../core/mappings/mapping-spec';
import { DEFAULT_BACKFILL_POLICY, type BackfillPolicy } from '../core/backfill-policy';
import type { PartitionsDef } from '../core/partitions/partitions-def';
import type { DurationSpec } from '../core/duration';
import type { RetryPolicySpec } from '../core/retry-policy';

/** A limit shared by every asset with the same key, across all worker processes. */
export interface RateLimit {
  /** Names the limited system, e.g. `crm-api`. */
  key: string;
  /** Calls per second allowed, all workers together. */
  perSecond: number;
}

/**
 * An upstream asset: its name, which reads it through the mapping implied by
 * the two partitionings, or the name with a declared mapping, e.g.
 * `{ asset: 'raw_events', mapping: { kind: 'timeWindow', offset: -1 } }` (the previous day).
 */
export type AssetDependency = string | { asset: string; mapping: PartitionMappingSpec };

/** What `materialize` receives for one partition. */
export interface MaterializeContext {
  asset: string;
  /**
   * Partition key, e.g. `2024-03-01`, a static key, or `all` when unpartitioned.
   * The first key of `partitionKeys` when a `singleRun` asset materializes several at once.
   */
  partitionKey: string;
  /**
   * Every partition this call writes, oldest first: `[partitionKey]` for one
   * partition; several consecutive keys for an asset with
   * `backfillPolicy: { kind: 'singleRun' }`, whose `materialize` must then
   * write all of them (e.g. `GROUP BY day` over `window`).
   */
  partitionKeys: string[];
  /**
   * The half-open UTC window `[start, end)` of a time partition, or of all
   * `partitionKeys` together (start of the first, end of the last); null otherwise.
   */
  window: { start: Date; end: Date } | null;
  /**
   * The table the partition is written to; the rows of every partition in
   * `partitionKeys` were already deleted in this transaction. In a shadow
   * backfill (`isolation: 'shadow'`) it is the shadow's read view of the
   * asset: insert into it and read it (e.g. the previous partition) as usual,
   * but do not update or delete its rows. Unqualified table names then
   * resolve to the shadow's views of the assets the backfill rewrites.
   */
  table: string;
  /** The transaction the partition is written in: commit publishes it, failure leaves the old rows. */
  db: Knex.Transaction;
  /**
   * Aborted when the backfill is cancelled or the asset's `timeout` is reached: stop early (the
   * transaction is rolled back anyway, and the attempt ends without waiting for `materialize`).
   */
  signal: AbortSignal;
  /**
   * Waits for a slot of the asset's `rateLimit` (at once when it has none):
   * call it before each request to the limited system. The attempt's first
   * slot is taken before `materialize` starts, so the first call is free.
   */
  rateLimit: () => Promise<void>;
  /** Reports liveness to Temporal (details show in its UI); call it in long loops. */
  heartbeat: (details?: unknown) => void;
  /**
   * The checkpoint of the last `stage` call of an earlier attempt of this
   * partition run (after a crash or a transient failure); undefined on a fresh start.
   */
  checkpoint: unknown;
  /**
   * For long partitions (e.g. paging through an API): commits `rows` to a
   * staging table shaped like `table`, together with the `checkpoint` they
   * reach. A retry gets that checkpoint back and continues after it; the
   * staged rows are moved into the partition in its own transaction when
   * `materialize` returns, so readers never see a partial partition.
   */
  stage: (rows: Record<string, unknown>[], checkpoint: unknown) => Promise<void>;
}

/** A data asset and how to compute one partition of it. */
export interface AssetDefinition {
  /** Lowercase identifier; also the default table name. */
  name: string;
  /** How the asset is split; unpartitioned when omitted. */
  partitions?: PartitionsDef;
  /** The upstream assets it reads, each by name or with a declared partition mapping. @default [] */
  deps?: AssetDependency[];
  /** Partition N reads partition N-1 (cumulative metrics): partitions run strictly in order. @default false */
  dependsOnPast?: boolean;
  /** Bump when the computation changes; recorded in the ledger. @default '1' */
  codeVersion?: string;
  /** Table holding the asset. @default name */
  table?: string;
  /**
   * Column that places a row in its partition: compared with the window
   * (`>= start AND < end`) for time partitions, equal to the key for static
   * ones. Required for partitioned assets; the partition's rows are deleted
   * before `materialize` runs, in the same transaction.
   */
  partitionColumn?: string;
  /** Calls to an external system shared with other assets of the same key, across all workers. */
  rateLimit?: RateLimit;
  /** Creates the table if missing; run once per worker start, under a lock. */
  setup?: (db: Knex) => Promise<void>;
  /** Inserts the partition's rows through `ctx.db`. */
  materialize: (ctx: MaterializeContext) => Promise<void>;
  /**
   * Retries of a failing partition (transient errors only: see `NonRetryableError`).
   * @default { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 5 }
   */
  retry?: RetryPolicySpec;
  /**
   * How long one attempt of one partition may run (its transaction: `materialize` and the writes
   * around it), in milliseconds or as text like `'10 minutes'`; at most 24 hours. Past it the
   * attempt is stopped (`ctx.signal` aborted, its statement cancelled, its transaction rolled back)
   * and fails with a message naming the timeout; it is retried under `retry` like any failed attempt.
   * @default none
   */
  timeout?: DurationSpec;
  /**
   * How a backfill runs the asset's partitions. `{ kind: 'singleRun',
   * maxPartitionsPerRun: 31 }` materializes up to 31 consecutive partitions in
   * one transaction with one `materialize` call over their union window (see
   * `MaterializeContext.partitionKeys`): for SQL the database runs better over
   * a long range. The ledger still records one row per partition.
   * @default { kind: 'perPartition' }
   */
  backfillPolicy?: BackfillPolicy;
  /**
   * Checks run on a shadow backfill's data (`isolation: 'shadow'`) before it
   * is published: a failed check of severity `error` (the default) blocks
   * publish, one of severity `warn` is only reported. Custom SQL returns the
   * failing rows, with `:table:` the backfilled rows and `:production:` the
   * production table.
   * @example
   * checks: [
   *   { kind: 'rowCount', tolerance: 0.1 },
   *   { kind: 'notNull', columns: ['segment', 'revenue'] },
   *   { kind: 'unique', columns: ['day', 'segment'] },
   *   { kind: 'coverage', minRows: 1, severity: 'warn' },
   *   { kind: 'sql', name: 'no negative revenue', sql: 'SELECT * FROM :table: WHERE revenue < 0' },
   * ]
   * @default []
   */
  checks?: CheckSpec[];
}

const ASSET = Symbol.for('retrofill.asset');

/**
 * A declared asset, as returned by `defineAsset`: `deps` holds the upstream
 * names, and `mappings` the declared mappings by upstream name (absent when none).
 */
export type Asset = Readonly<Required<Pick<AssetDefinition, 'name' | 'partitions' | 'dependsOnPast' | 'codeVersion' | 'table' | 'backfillPolicy'>>> &
  Readonly<Pick<AssetDefinition, 'partitionColumn' | 'setup' | 'materialize' | 'retry' | 'timeout' | 'rateLimit' | 'checks'>> &
  Readonly<Pick<AssetSpec, 'deps' | 'mappings'>> & { readonly [ASSET]: true };

/** The declared mappings by upstream name, or undefined when every dependency is a plain name. */
function declaredMappings(deps: readonly AssetDependency[]): Record<string, PartitionMappingSpec> | undefined {
  const declared = deps.filter((d) => typeof d !== 'string');
  return declared.length === 0 ? undefined : Object.fromEntries(declared.map((d) => [d.asset, d.mapping]));
}

/** Declares an asset; the worker finds every exported asset of the definitions module. */
export function defineAsset(definition: AssetDefinition): Asset {
  const deps = definition.deps ?? [];
  const mappings = declaredMappings(deps);
  return Object.freeze({
    ...definition,
    partitions: definition.partitions ?? { kind: 'unpartitioned' as const },
    deps: deps.map((d) => (typeof d === 'string' ? d : d.asset)),
    ...(mappings && { mappings }),
    dependsOnPast: definition.dependsOnPast ?? false,
    codeVersion: definition.codeVersion ?? '1',
    table: definition.table ?? definition.name,
    backfillPolicy: definition.backfillPolicy ?? DEFAULT_BACKFILL_POLICY,
    [ASSET]: true as const,
  });
}

/** True for values made by `defineAsset`. */
export function isAsset(value: unknown): value is Asset {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[ASSET] === true;
}
