/**
 * Runs the checks of a shadow backfill's assets on the shadow's data, stores
 * the results and returns them: the workflow publishes only when none of them
 * is a blocking failure. Custom SQL runs in the checks' sandbox, ended when
 * the activity is cancelled. Outside an activity (in tests) it runs as a
 * plain function, without cancellation.
 */
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Knex } from 'knex';
import type { AssetCatalog } from '../assets/asset-catalog';
import type { Asset } from '../assets/define-asset';
import { unknownAssetMessage } from '../core/asset-spec';
import { checkOutcome, type CheckOutcome } from '../core/checks/check-outcome';
import { checkName, checkSeverity } from '../core/checks/check-spec';
import { erroredVerdict } from '../core/checks/check-verdicts';
import { checkedShadow, type CheckedShadow } from '../db/checks/checked-shadow';
import { databaseMessage } from '../db/checks/database-message';
import { CheckSandbox } from '../db/checks/sandbox/check-sandbox';
import type { CheckSandboxOptions } from '../db/checks/sandbox/check-sandbox-options';
import { saveCheckResults } from '../db/checks/save-check-results';
import { classifyError } from '../core/run/classify-error';
import { measureCheck, type CustomSqlRun } from './measure-check';
import { NO_METRICS, type RetrofillMetrics } from '../observability/retrofill-metrics';

export interface RunChecksInput {
  backfillId: string;
  /** The assets the backfill wrote; those without checks are skipped (and their stored results cleared). */
  assets: string[];
}

export function runChecksActivity(deps: { db: Knex; catalog: AssetCatalog; checks?: CheckSandboxOptions; metrics?: RetrofillMetrics }) {
  const metrics = deps.metrics ?? NO_METRICS;
  const sandbox = new CheckSandbox(deps.db, deps.checks);
  return async function runChecks({ backfillId, assets }: RunChecksInput): Promise<CheckOutcome[]> {
    const { db, catalog } = deps;
    const custom: CustomSqlRun = { sandbox, signal: activitySignal() };
    const names = [...new Set(assets)];
    const unknown = names.find((name) => !catalog.assets.some((a) => a.name === name));
    if (unknown !== undefined) throw ApplicationFailure.nonRetryable(unknownAssetMessage(unknown, catalog.specs()), 'InvalidCheckRequest');
    const outcomes: CheckOutcome[] = [];
    for (const name of names) outcomes.push(...(await checkAsset(db, backfillId, catalog.get(name), custom)));
    await saveCheckResults({ knex: db }, { backfillId, assets: names, outcomes });
    for (const o of outcomes) metrics.checked(o.asset, o.passed);
    return outcomes;
  };
}

/** The activity's cancellation, when running as one. */
function activitySignal(): AbortSignal | undefined {
  try {
    return Context.current().cancellationSignal;
  } catch {
    return undefined;
  }
}

/**
 * Every check of `asset`, in declaration order. A check the database refuses
 * (a missing column, bad SQL, a missing table, no privilege), or that times
 * out, fails with the reason; a passing fault (a lost connection) fails the
 * activity, to be retried; a cancellation ends it.
 */
async function checkAsset(db: Knex, backfillId: string, asset: Asset, custom: CustomSqlRun): Promise<CheckOutcome[]> {
  const checks = asset.checks ?? [];
  if (checks.length === 0) return [];
  let shadow: CheckedShadow | { error: unknown };
  try {
    shadow = await checkedShadow({ knex: db }, backfillId, asset);
  } catch (error) {
    shadow = { error: refused(error) };
  }
  const outcomes: CheckOutcome[] = [];
  for (const check of checks) {
    custom.signal?.throwIfAborted();
    const id = { asset: asset.name, check: checkName(check), kind: check.kind, severity: checkSeverity(check) };
    if ('error' in shadow) {
      outcomes.push(checkOutcome(id, erroredVerdict(databaseMessage(shadow.error))));
      continue;
    }
    try {
      const { verdict, failing } = await measureCheck(db, shadow, check, custom);
      outcomes.push(checkOutcome(id, verdict, failing));
    } catch (error) {
      if (custom.signal?.aborted) throw custom.signal.reason;
      outcomes.push(checkOutcome(id, erroredVerdict(databaseMessage(refused(error)))));
    }
  }
  return outcomes;
}

/** `error` when it says the check cannot run as declared. @throws it when it is a passing fault, worth a retry. */
function refused(error: unknown): unknown {
  const transient = classifyError(error).kind === 'transient' || (error instanceof Error && error.name === 'KnexTimeoutError');
  if (transient) throw error;
  return error;
}
