/** Runs one declared check over the shadow of its asset: the query of its kind, then its verdict. */
import type { Knex } from 'knex';
import type { Verdict } from '../core/checks/check-outcome';
import { DEFAULT_MIN_ROWS, type CheckSpec } from '../core/checks/check-spec';
import { coverageVerdict, customSqlVerdict, notNullVerdict, rowCountVerdict, uniqueVerdict } from '../core/checks/check-verdicts';
import type { CheckedShadow } from '../db/checks/checked-shadow';
import { countShadowRows } from '../db/checks/count-shadow-rows';
import { customSqlCheck } from '../db/checks/custom-sql-check';
import { duplicateKeys } from '../db/checks/duplicate-keys';
import type { FailingRows } from '../db/checks/failing-rows';
import { nullRows } from '../db/checks/null-rows';
import { partitionRowCounts } from '../db/checks/partition-row-counts';
import type { CheckSandbox } from '../db/checks/sandbox/check-sandbox';

export interface Measured {
  verdict: Verdict;
  /** Absent for checks that measure no rows (rowCount). */
  failing?: FailingRows;
}

/** Where custom SQL runs, and the signal that cancels it. */
export interface CustomSqlRun {
  sandbox: CheckSandbox;
  signal?: AbortSignal;
}

/**
 * Retrofill's own checks query through `db`; custom SQL runs in `custom.sandbox`.
 * @throws the database's error when the check's SQL fails (e.g. a missing column), or the sandbox's.
 */
export async function measureCheck(db: Knex, shadow: CheckedShadow, check: CheckSpec, custom: CustomSqlRun): Promise<Measured> {
  switch (check.kind) {
    case 'rowCount': {
      const { shadowRows, productionRows } = await countShadowRows({ knex: db }, shadow);
      return { verdict: rowCountVerdict(shadowRows, productionRows, check.tolerance) };
    }
    case 'notNull': {
      const failing = await nullRows({ knex: db }, { table: shadow.data, columns: check.columns });
      return { verdict: notNullVerdict(check.columns, failing.count), failing };
    }
    case 'unique': {
      const failing = await duplicateKeys({ knex: db }, { table: shadow.data, columns: check.columns });
      return { verdict: uniqueVerdict(check.columns, failing.count), failing };
    }
    case 'coverage': {
      const minRows = check.minRows ?? DEFAULT_MIN_ROWS;
      const { partitions, below } = await partitionRowCounts({ knex: db }, shadow, minRows);
      return { verdict: coverageVerdict(minRows, partitions, below.count), failing: below };
    }
    case 'sql': {
      const failing = await customSqlCheck({ knex: db, ...custom }, shadow, check.sql);
      return { verdict: customSqlVerdict(failing.count), failing };
    }
  }
}
