/** A validated set of asset definitions, looked up by name. */
import { assertValidCatalog } from '../core/asset-graph';
import { assetTimeoutProblems } from '../core/asset-timeout';
import { ASSET_NAME, type AssetSpec } from '../core/asset-spec';
import { DEFAULT_BATCH_BUDGET_MS, DEFAULT_MAX_PARTITIONS_PER_BATCH, backfillPolicyProblems, type BackfillPolicy } from '../core/backfill-policy';
import { checkProblems } from '../core/checks/check-spec';
import { AssetDefinitionError } from '../core/errors';
import { retryPolicyProblems } from '../core/retry-policy';
import { retrofillRelation } from '../db/retrofill-relations';
import type { Asset } from './define-asset';

const COLUMN = /^[a-z_][a-z0-9_]{0,62}$/;
const TABLE = /^([a-z_][a-z0-9_]{0,62}\.)?[a-z_][a-z0-9_]{0,62}$/;

export class AssetCatalog {
  private readonly byName: Map<string, Asset>;

  /** @throws AssetDefinitionError naming the assets involved in every problem. */
  constructor(readonly assets: readonly Asset[]) {
    const problems: string[] = [];
    for (const a of assets) {
      // The name is also the default table and part of workflow ids: report it first, and alone.
      if (!ASSET_NAME.test(a.name)) {
        problems.push(`asset name ${JSON.stringify(a.name).slice(0, 80)} must match ${ASSET_NAME} (lowercase letters, digits, _)`);
        continue;
      }
      if (typeof a.materialize !== 'function') problems.push(`asset "${a.name}" has no materialize function`);
      // Before the pattern, in lower case: `RETROFILL_LEDGER` is refused as Retrofill's, not only as upper case.
      const own = typeof a.table === 'string' ? retrofillRelation(a.table) : undefined;
      if (own) problems.push(`asset "${a.name}": table ${JSON.stringify(a.table)} is ${own}: an asset may not name Retrofill's own tables or schemas`);
      else if (!TABLE.test(a.table)) problems.push(`asset "${a.name}": table ${JSON.stringify(a.table)} must match ${TABLE}`);
      if (a.partitions.kind !== 'unpartitioned' && a.partitionColumn === undefined) {
        problems.push(`asset "${a.name}" is partitioned: it needs a partitionColumn`);
      }
      if (a.partitionColumn !== undefined && !COLUMN.test(a.partitionColumn)) {
        problems.push(`asset "${a.name}": partitionColumn ${JSON.stringify(a.partitionColumn)} must match ${COLUMN}`);
      }
      problems.push(...retryPolicyProblems(a.retry).map((p) => `asset "${a.name}": ${p}`));
      problems.push(...assetTimeoutProblems(a.timeout).map((p) => `asset "${a.name}": ${p}`));
      problems.push(...backfillPolicyProblems(a.backfillPolicy, a.partitions.kind).map((p) => `asset "${a.name}": ${p}`));
      problems.push(...checkProblems(a.checks, a.name));
    }
    problems.push(...rateLimitProblems(assets));
    if (problems.length > 0) throw new AssetDefinitionError(problems);
    assertValidCatalog(this.specs());
    this.byName = new Map(assets.map((a) => [a.name, a]));
  }

  /** The plain-JSON view of every asset that workflows plan with. */
  specs(): AssetSpec[] {
    return this.assets.map(({ name, partitions, deps, mappings, dependsOnPast, codeVersion, retry, backfillPolicy, rateLimit }) => ({
      name,
      partitions,
      deps: [...deps],
      // Only when declared: specs of assets without mappings stay as recorded histories hold them.
      ...(mappings && { mappings: { ...mappings } }),
      dependsOnPast,
      codeVersion,
      ...(retry && { retry }),
      // Only when set: specs of other assets stay as recorded histories hold them.
      ...(backfillPolicy?.kind === 'singleRun' && { backfillPolicy: { kind: 'singleRun' as const, maxPartitionsPerRun: backfillPolicy.maxPartitionsPerRun } }),
      ...batchingOf(backfillPolicy, partitions.kind, rateLimit !== undefined),
    }));
  }

  /** @throws Error when no asset has this name. */
  get(name: string): Asset {
    const asset = this.byName.get(name);
    if (!asset) throw new Error(`unknown asset "${name}"`);
    return asset;
  }
}

/**
 * How an adaptive asset's partitions may be batched; nothing for the other
 * policies, for one partition, and for a rate-limited asset (an external API
 * paces it: one child per partition keeps each request its own retry).
 */
function batchingOf(policy: BackfillPolicy | undefined, partitionsKind: string, rateLimited: boolean): Pick<AssetSpec, 'batching'> {
  if (policy?.kind !== 'adaptive' || partitionsKind === 'unpartitioned' || rateLimited) return {};
  return {
    batching: {
      budgetMs: policy.budgetMs ?? DEFAULT_BATCH_BUDGET_MS,
      maxPartitions: policy.maxPartitionsPerBatch ?? DEFAULT_MAX_PARTITIONS_PER_BATCH,
    },
  };
}

const RATE_LIMIT_KEY = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/;

/** Each limit is well formed, and assets sharing a key agree on its rate. */
function rateLimitProblems(assets: readonly Asset[]): string[] {
  const problems: string[] = [];
  const rates = new Map<string, { asset: string; perSecond: number }>();
  for (const { name, rateLimit } of assets) {
    if (!rateLimit) continue;
    if (!RATE_LIMIT_KEY.test(rateLimit.key)) problems.push(`asset "${name}": rateLimit.key ${JSON.stringify(rateLimit.key)} must match ${RATE_LIMIT_KEY}`);
    if (!(rateLimit.perSecond > 0 && rateLimit.perSecond <= 10_000)) {
      problems.push(`asset "${name}": rateLimit.perSecond must be > 0 and <= 10000, got ${rateLimit.perSecond}`);
    }
    const other = rates.get(rateLimit.key);
    if (other && other.perSecond !== rateLimit.perSecond) {
      problems.push(`assets "${other.asset}" and "${name}" give rate limit "${rateLimit.key}" different rates (${other.perSecond} and ${rateLimit.perSecond} per second)`);
    }
    rates.set(rateLimit.key, { asset: name, perSecond: rateLimit.perSecond });
  }
  return problems;
}
