/**
 * What each kind of check's measured numbers come to: passed or not, and a
 * message saying what was measured. Pure, so every wording is unit-tested
 * without a database.
 */
import type { Verdict } from './check-outcome';
import { percent } from './check-spec';

/** Float noise must not fail a change exactly at the tolerance (110 vs 100 at 0.1). */
const EPSILON = 1e-9;

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The shadow's rows vs production's rows of the same partitions, within ±tolerance (a fraction). */
export function rowCountVerdict(shadowRows: number, productionRows: number, tolerance: number): Verdict {
  const rows = plural(shadowRows, 'row', 'rows');
  if (productionRows === 0) return { passed: true, message: `${rows}; production has no rows in these partitions: nothing to compare with` };
  const change = (shadowRows - productionRows) / productionRows;
  const sign = change > 0 ? '+' : '';
  return {
    passed: Math.abs(change) <= tolerance + EPSILON,
    message: `${rows} vs ${productionRows} in production (${sign}${percent(change, 1)}, tolerance ±${percent(tolerance)})`,
  };
}

/** `nullRows` rows have a null in one of `columns`. */
export function notNullVerdict(columns: readonly string[], nullRows: number): Verdict {
  const list = columns.join(', ');
  return nullRows === 0
    ? { passed: true, message: `no nulls in ${list}` }
    : { passed: false, message: `${plural(nullRows, 'row has', 'rows have')} a null in ${list}` };
}

/** `duplicatedKeys` values of `columns` occur in more than one row. */
export function uniqueVerdict(columns: readonly string[], duplicatedKeys: number): Verdict {
  return duplicatedKeys === 0
    ? { passed: true, message: `no duplicated (${columns.join(', ')})` }
    : { passed: false, message: plural(duplicatedKeys, 'duplicated key', 'duplicated keys') };
}

/** `below` of the shadow's `partitions` have fewer than `minRows` rows. */
export function coverageVerdict(minRows: number, partitions: number, below: number): Verdict {
  if (partitions === 0) return { passed: true, message: 'the shadow holds no partition of this asset' };
  const all = partitions === 1 ? 'its one partition has' : `all ${partitions} partitions have`;
  if (below === 0) return { passed: true, message: `${all} ≥ ${plural(minRows, 'row', 'rows')}` };
  const short = minRows === 1 ? (below === 1 ? 'is empty' : 'are empty') : `${below === 1 ? 'has' : 'have'} fewer than ${plural(minRows, 'row', 'rows')}`;
  return { passed: false, message: `${below} of ${plural(partitions, 'partition', 'partitions')} ${short}` };
}

/** A custom SQL check returned `failingRows` rows. */
export function customSqlVerdict(failingRows: number): Verdict {
  return failingRows === 0 ? { passed: true, message: 'no failing rows' } : { passed: false, message: plural(failingRows, 'failing row', 'failing rows') };
}

/** The check could not run: the database refused its SQL, or a table is missing. */
export function erroredVerdict(reason: string): Verdict {
  return { passed: false, message: `could not run: ${reason}` };
}
