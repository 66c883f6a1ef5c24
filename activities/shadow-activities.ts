/**
 * The activities of a shadow backfill's life outside its partitions: create
 * the shadow before the first partition, publish it once checked, roll a
 * publication back, or discard a shadow never published. Refusals (no shadow, wrong state, a conflict) fail at
 * once with their stable type; database faults are retried.
 */
import { ApplicationFailure } from '@temporalio/activity';
import type { Knex } from 'knex';
import { NO_METRICS, type RetrofillMetrics } from '../observability/retrofill-metrics';
import type { AssetCatalog } from '../assets/asset-catalog';
import { RetrofillError } from '../core/errors';
import type { Publication, Rollback } from '../core/shadow/publication';
import { discardShadow } from '../db/shadow/discard-shadow';
import { prepareShadow } from '../db/shadow/prepare-shadow';
import { expireReplacedRows, publishShadow } from '../db/shadow/publish-shadow';
import { rollbackShadow } from '../db/shadow/rollback-shadow';

export interface PrepareShadowInput {
  backfillId: string;
  /** Every asset the backfill may write. */
  assets: string[];
  keepReplacedDays: number;
}

/** Runs `operation`, turning Retrofill's refusals into non-retryable failures of the same type. */
export async function refusalsFail<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (error instanceof RetrofillError) throw ApplicationFailure.nonRetryable(error.message, error.type);
    throw error;
  }
}

export function shadowActivities(deps: { db: Knex; catalog: AssetCatalog; metrics?: RetrofillMetrics }) {
  const { db, catalog } = deps;
  const metrics = deps.metrics ?? NO_METRICS;
  return {
    prepareShadow: async (input: PrepareShadowInput): Promise<void> => {
      await prepareShadow({ knex: db }, { ...input, assets: input.assets.map((a) => catalog.get(a)) });
    },
    publishShadow: async (input: { backfillId: string }): Promise<Publication> => {
      const publication = await refusalsFail(() => publishShadow({ knex: db }, catalog, input.backfillId));
      // Housekeeping that needs no schedule of its own: every publish drops what has expired.
      await expireReplacedRows({ knex: db });
      metrics.published(publication.assets.map((a) => ({ asset: a.asset, partitions: a.partitions })));
      return publication;
    },
    discardShadow: async (input: { backfillId: string }): Promise<void> => {
      await refusalsFail(() => discardShadow({ knex: db }, input.backfillId));
    },
    rollbackShadow: async (input: { backfillId: string }): Promise<Rollback> => {
      await expireReplacedRows({ knex: db });
      const rollback = await refusalsFail(() => rollbackShadow({ knex: db }, catalog, input.backfillId));
      metrics.rolledBack();
      return rollback;
    },
  };
}
