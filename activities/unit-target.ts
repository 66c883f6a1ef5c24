/** Where a unit (a partition, or a `singleRun` range) writes its rows: production, or a backfill's shadow. */
import { ApplicationFailure } from '@temporalio/activity';
import type { Asset } from '../assets/define-asset';
import { shadowTarget, type RunIsolation } from '../core/run/shadow-target';
import { shadowTables } from '../db/shadow/shadow-names';

export interface UnitTarget {
  /** The backfill whose shadow the unit writes to; undefined for production. */
  shadowOf: string | undefined;
  /** What `materialize` writes to and reads through (`ctx.table`): the asset's table, or the shadow's read view of it. */
  table: string;
  /** Where the shadow keeps the partitions' rows (its data table); absent for production. */
  shadow?: { backfillId: string; dataTable: string };
}

/** Writing `asset` into production (`shadowOf` undefined), or into that backfill's shadow. */
export function writeTarget(asset: Asset, shadowOf: string | undefined): UnitTarget {
  if (shadowOf === undefined) return { shadowOf, table: asset.table };
  const tables = shadowTables(shadowOf, asset);
  return { shadowOf, table: tables.read, shadow: { backfillId: shadowOf, dataTable: tables.data } };
}

/**
 * The target the request of unit `label` asks for.
 * @throws a non-retryable ApplicationFailure (type `InvalidPartitionRange`) for a shadow without a backfill
 */
export function unitTarget(asset: Asset, request: RunIsolation, label: string): UnitTarget {
  const target = shadowTarget(request, label);
  if ('invalid' in target) throw ApplicationFailure.nonRetryable(target.invalid, 'InvalidPartitionRange');
  return writeTarget(asset, target.shadowOf);
}
