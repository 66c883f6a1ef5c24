/**
 * Checks an asset declares (`defineAsset({ checks })`): they run on a shadow
 * backfill's data before publish, and a failed `error` check blocks it.
 * Plain JSON, so declarations can be validated and named without a database.
 */
import { shownValue } from '../shown-value';

/** What a failed check does: `error` blocks publish, `warn` only reports. */
export const CheckSeverity = { ERROR: 'error', WARN: 'warn' } as const;
export type CheckSeverity = (typeof CheckSeverity)[keyof typeof CheckSeverity];

/** The kinds of check, the `kind` of each {@link CheckSpec}. */
export const CheckKind = {
  ROW_COUNT: 'rowCount',
  NOT_NULL: 'notNull',
  UNIQUE: 'unique',
  COVERAGE: 'coverage',
  SQL: 'sql',
} as const;
export type CheckKind = (typeof CheckKind)[keyof typeof CheckKind];

interface CheckBase {
  /** Shown in results and reports; unique within the asset. @default a name made from the declaration, e.g. `notNull(segment)` */
  name?: string;
  /** @default 'error' */
  severity?: CheckSeverity;
}

/** The shadow's partitions hold about as many rows as production's same partitions. */
export interface RowCountCheck extends CheckBase {
  kind: 'rowCount';
  /** Allowed difference as a fraction of production's rows: 0.1 is ±10%. */
  tolerance: number;
}

/** No backfilled row has a null in any of `columns`. */
export interface NotNullCheck extends CheckBase {
  kind: 'notNull';
  columns: string[];
}

/** No two backfilled rows share the values of `columns` (nulls count as equal values). */
export interface UniqueCheck extends CheckBase {
  kind: 'unique';
  columns: string[];
}

/** Every partition the shadow holds has at least `minRows` rows. */
export interface CoverageCheck extends CheckBase {
  kind: 'coverage';
  /** @default 1 */
  minRows?: number;
}

/**
 * Custom SQL returning the failing rows (none: passed). `:table:` stands for
 * the shadow's table of the asset (the backfilled partitions only) and
 * `:production:` for the production table. One SELECT (a trailing semicolon
 * is allowed), run in a read-only transaction; it takes no other bindings, so
 * a `?` is plain SQL (e.g. jsonb's operator).
 * @example { kind: 'sql', name: 'revenue ≥ 0', sql: 'SELECT * FROM :table: WHERE revenue < 0' }
 */
export interface SqlCheck extends CheckBase {
  kind: 'sql';
  name: string;
  sql: string;
}

export type CheckSpec = RowCountCheck | NotNullCheck | UniqueCheck | CoverageCheck | SqlCheck;

export const DEFAULT_MIN_ROWS = 1;

/** `0.1` → `10%`. */
export function percent(fraction: number, digits = 2): string {
  return `${+(fraction * 100).toFixed(digits)}%`;
}

/** The check's name: its own, or one made from the declaration. */
export function checkName(check: CheckSpec): string {
  if (check.name !== undefined) return check.name;
  switch (check.kind) {
    case 'rowCount':
      return `rowCount ±${percent(check.tolerance)}`;
    case 'notNull':
    case 'unique':
      return `${check.kind}(${check.columns.join(', ')})`;
    case 'coverage': {
      const min = check.minRows ?? DEFAULT_MIN_ROWS;
      return `coverage ≥ ${min} ${min === 1 ? 'row' : 'rows'}`;
    }
    case 'sql':
      return check.name;
  }
}

/** The check's severity, `error` unless declared. */
export function checkSeverity(check: CheckSpec): CheckSeverity {
  return check.severity ?? CheckSeverity.ERROR;
}

const COLUMN = /^[a-z_][a-z0-9_]{0,62}$/;
const MAX_NAME = 100;
/** The fields each kind accepts: anything else is likely a typo (`tolerence`). */
const FIELDS: Record<CheckKind, readonly string[]> = {
  rowCount: ['tolerance'],
  notNull: ['columns'],
  unique: ['columns'],
  coverage: ['minRows'],
  sql: ['sql'],
};
const KINDS = Object.values(CheckKind);

/**
 * Problems with an asset's `checks` declarations, each naming the asset, the
 * check (`checks[i]` and its name) and what is wrong; empty when all are valid.
 */
export function checkProblems(checks: unknown, assetName: string): string[] {
  const asset = `asset "${assetName}"`;
  if (checks === undefined) return [];
  if (!Array.isArray(checks)) return [`${asset}: checks must be an array, got ${shownValue(checks)}`];
  const problems: string[] = [];
  const names = new Map<string, number>();
  checks.forEach((check: unknown, i) => {
    const found = declarationProblems(check);
    problems.push(...found.map((p) => `${asset}: checks[${i}]${p}`));
    if (found.length > 0) return;
    const name = checkName(check as CheckSpec);
    const first = names.get(name);
    if (first !== undefined) problems.push(`${asset}: checks[${first}] and checks[${i}] are both named "${name}": give one a distinct name`);
    else names.set(name, i);
  });
  return problems;
}

/** Problems of one declaration, each worded to follow `checks[i]`. */
function declarationProblems(check: unknown): string[] {
  if (typeof check !== 'object' || check === null || Array.isArray(check)) return [` must be an object, got ${shownValue(check)}`];
  const c = check as Record<string, unknown>;
  if (!KINDS.includes(c.kind as CheckKind)) return [` has unknown kind ${shownValue(c.kind)} (expected ${KINDS.join(', ')})`];
  const kind = c.kind as CheckKind;
  const label = `${typeof c.name === 'string' ? ` ${shownValue(c.name)}` : ''} (${kind}): `;
  const problems: string[] = [];
  const unknown = Object.keys(c).filter((k) => !['kind', 'name', 'severity', ...FIELDS[kind]].includes(k));
  if (unknown.length > 0) problems.push(`unknown field ${unknown.map((k) => shownValue(k)).join(', ')}`);
  if (c.severity !== undefined && c.severity !== 'error' && c.severity !== 'warn') {
    problems.push(`severity must be 'error' or 'warn', got ${shownValue(c.severity)}`);
  }
  if (kind === 'sql' ? !isName(c.name) : c.name !== undefined && !isName(c.name)) {
    problems.push(`name must be text of 1 to ${MAX_NAME} characters, got ${shownValue(c.name)}`);
  }
  problems.push(...kindProblems(kind, c));
  return problems.map((p) => label + p);
}

function kindProblems(kind: CheckKind, c: Record<string, unknown>): string[] {
  switch (kind) {
    case 'rowCount':
      return typeof c.tolerance === 'number' && Number.isFinite(c.tolerance) && c.tolerance >= 0
        ? []
        : [`tolerance must be a finite number >= 0 (0.1 is ±10%), got ${shownValue(c.tolerance)}`];
    case 'notNull':
    case 'unique':
      return columnProblems(c.columns);
    case 'coverage':
      return c.minRows === undefined || (Number.isInteger(c.minRows) && (c.minRows as number) >= 1)
        ? []
        : [`minRows must be a whole number >= 1, got ${shownValue(c.minRows)}`];
    case 'sql':
      return typeof c.sql === 'string' && c.sql.trim() !== '' ? [] : [`sql must be a non-empty SQL query, got ${shownValue(c.sql)}`];
  }
}

function columnProblems(columns: unknown): string[] {
  if (!Array.isArray(columns)) return [`columns must be an array of column names, got ${shownValue(columns)}`];
  if (columns.length === 0) return ['columns must name at least one column'];
  const bad = columns.filter((col) => typeof col !== 'string' || !COLUMN.test(col));
  return bad.length === 0 ? [] : [`columns ${bad.map((col) => shownValue(col)).join(', ')} must match ${COLUMN}`];
}

function isName(name: unknown): boolean {
  return typeof name === 'string' && name.trim() !== '' && name.length <= MAX_NAME;
}
