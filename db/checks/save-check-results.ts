import type { Knex } from 'knex';
import { blockingFailures, type CheckOutcome } from '../../core/checks/check-outcome';
import { CHECK_RESULTS_TABLE, SHADOWS_TABLE, ShadowState, type DbCheckResultRow } from '../rows';

/**
 * Replaces the stored results of the checks of `assets` in one backfill with
 * `outcomes`, in one transaction: a repeated run (an activity retry, checks
 * run again) leaves one result per check, never two. When a blocking check
 * failed, the shadow is marked `checks_failed` in the same transaction, so the
 * table never holds the verdict without the state it implies. Runs of the same
 * backfill take turns on an advisory lock, so two attempts that overlap (a
 * timed-out attempt still running) cannot both insert after both deleted.
 */
export async function saveCheckResults(
  { knex }: { knex: Knex },
  { backfillId, assets, outcomes }: { backfillId: string; assets: readonly string[]; outcomes: readonly CheckOutcome[] },
): Promise<void> {
  await knex.transaction(async (trx) => {
    await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [`retrofill-checks:${backfillId}`]);
    await trx<DbCheckResultRow>(CHECK_RESULTS_TABLE).where({ backfill_id: backfillId }).whereIn('asset', [...assets]).delete();
    if (blockingFailures(outcomes).length > 0) {
      await trx(SHADOWS_TABLE).where({ backfill_id: backfillId, state: ShadowState.BUILDING }).update({ state: ShadowState.CHECKS_FAILED });
    }
    if (outcomes.length === 0) return;
    await trx(CHECK_RESULTS_TABLE).insert(
      outcomes.map((o) => ({
        backfill_id: backfillId,
        asset: o.asset,
        check_name: o.check,
        severity: o.severity,
        passed: o.passed,
        message: o.message,
        failing_count: o.failingCount,
        // As JSON text: the driver would send a JavaScript array as a PostgreSQL array.
        failing_sample: JSON.stringify(o.failingSample),
        checked_at: trx.fn.now(),
      })),
    );
  });
}
