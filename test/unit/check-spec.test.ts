import { describe, expect, it } from 'vitest';
import { AssetCatalog } from '../../assets/asset-catalog';
import { dailyPartitions } from '../../assets/partitions';
import { defineAsset, type AssetDefinition } from '../../assets/define-asset';
import { checkName, checkProblems, checkSeverity, type CheckSpec } from '../../core/checks/check-spec';
import { AssetDefinitionError } from '../../core/errors';

const daily = (extra: Partial<AssetDefinition>) =>
  defineAsset({ name: 'daily_revenue', partitions: dailyPartitions({ start: '2023-01-01' }), partitionColumn: 'day', materialize: async () => {}, ...extra });

describe('checkName', () => {
  it('makes a name from each declaration', () => {
    expect(checkName({ kind: 'rowCount', tolerance: 0.1 })).toBe('rowCount ±10%');
    expect(checkName({ kind: 'rowCount', tolerance: 0.025 })).toBe('rowCount ±2.5%');
    expect(checkName({ kind: 'rowCount', tolerance: 0 })).toBe('rowCount ±0%');
    expect(checkName({ kind: 'notNull', columns: ['segment'] })).toBe('notNull(segment)');
    expect(checkName({ kind: 'unique', columns: ['day', 'segment'] })).toBe('unique(day, segment)');
    expect(checkName({ kind: 'coverage' })).toBe('coverage ≥ 1 row');
    expect(checkName({ kind: 'coverage', minRows: 3 })).toBe('coverage ≥ 3 rows');
    expect(checkName({ kind: 'sql', name: 'no negative revenue', sql: 'SELECT 1' })).toBe('no negative revenue');
  });

  it('prefers the declared name', () => {
    expect(checkName({ kind: 'unique', columns: ['day'], name: 'one row a day' })).toBe('one row a day');
  });

  it('defaults the severity to error', () => {
    expect(checkSeverity({ kind: 'coverage' })).toBe('error');
    expect(checkSeverity({ kind: 'coverage', severity: 'warn' })).toBe('warn');
  });
});

describe('checkProblems', () => {
  const problems = (checks: unknown) => checkProblems(checks, 'daily_revenue');

  it('accepts valid declarations and no declarations', () => {
    const valid: CheckSpec[] = [
      { kind: 'rowCount', tolerance: 0.1 },
      { kind: 'notNull', columns: ['segment', 'revenue'], severity: 'warn' },
      { kind: 'unique', columns: ['day', 'segment'], severity: 'error' },
      { kind: 'coverage', minRows: 2 },
      { kind: 'sql', name: 'no negative revenue', sql: 'SELECT * FROM :table: WHERE revenue < 0' },
    ];
    expect(problems(valid)).toEqual([]);
    expect(problems(undefined)).toEqual([]);
    expect(problems([])).toEqual([]);
  });

  it('names the asset, the check and the problem', () => {
    expect(problems({ kind: 'rowCount' })).toEqual(['asset "daily_revenue": checks must be an array, got an object']);
    expect(
      problems([
        { kind: 'rowcount', tolerance: 0.1 },
        'notNull',
        { kind: 'notNull', columns: ['segment', 'Revenue', 'drop table'] },
        { kind: 'unique', columns: [] },
        { kind: 'unique', columns: 'day' },
        { kind: 'rowCount', tolerance: -0.1 },
        { kind: 'rowCount', tolerance: Infinity, name: 'rows' },
        { kind: 'coverage', minRows: 0.5 },
        { kind: 'coverage', minRows: 0 },
        { kind: 'sql', sql: 'SELECT 1' },
        { kind: 'sql', name: 'empty', sql: '  ' },
        { kind: 'notNull', columns: ['day'], severity: 'fatal' },
        { kind: 'rowCount', tolerence: 0.1 },
      ]),
    ).toEqual([
      'asset "daily_revenue": checks[0] has unknown kind "rowcount" (expected rowCount, notNull, unique, coverage, sql)',
      'asset "daily_revenue": checks[1] must be an object, got "notNull"',
      'asset "daily_revenue": checks[2] (notNull): columns "Revenue", "drop table" must match /^[a-z_][a-z0-9_]{0,62}$/',
      'asset "daily_revenue": checks[3] (unique): columns must name at least one column',
      'asset "daily_revenue": checks[4] (unique): columns must be an array of column names, got "day"',
      'asset "daily_revenue": checks[5] (rowCount): tolerance must be a finite number >= 0 (0.1 is ±10%), got -0.1',
      'asset "daily_revenue": checks[6] "rows" (rowCount): tolerance must be a finite number >= 0 (0.1 is ±10%), got Infinity',
      'asset "daily_revenue": checks[7] (coverage): minRows must be a whole number >= 1, got 0.5',
      'asset "daily_revenue": checks[8] (coverage): minRows must be a whole number >= 1, got 0',
      'asset "daily_revenue": checks[9] (sql): name must be text of 1 to 100 characters, got undefined',
      'asset "daily_revenue": checks[10] "empty" (sql): sql must be a non-empty SQL query, got "  "',
      `asset "daily_revenue": checks[11] (notNull): severity must be 'error' or 'warn', got "fatal"`,
      'asset "daily_revenue": checks[12] (rowCount): unknown field "tolerence"',
      'asset "daily_revenue": checks[12] (rowCount): tolerance must be a finite number >= 0 (0.1 is ±10%), got undefined',
    ]);
  });

  it('refuses two checks of one asset with the same name, declared or default', () => {
    expect(
      problems([
        { kind: 'notNull', columns: ['segment'] },
        { kind: 'sql', name: 'notNull(segment)', sql: 'SELECT * FROM :table: WHERE segment IS NULL' },
        { kind: 'unique', columns: ['day'], name: 'keys' },
        { kind: 'unique', columns: ['day', 'segment'], name: 'keys' },
      ]),
    ).toEqual([
      'asset "daily_revenue": checks[0] and checks[1] are both named "notNull(segment)": give one a distinct name',
      'asset "daily_revenue": checks[2] and checks[3] are both named "keys": give one a distinct name',
    ]);
  });
});

describe('checks in asset definitions', () => {
  it('keeps the declared checks on the asset, and out of the specs workflows plan with', () => {
    const checks: CheckSpec[] = [{ kind: 'unique', columns: ['day', 'segment'] }];
    const catalog = new AssetCatalog([daily({ checks })]);
    expect(catalog.get('daily_revenue').checks).toEqual(checks);
    expect(JSON.stringify(catalog.specs())).not.toContain('checks');
  });

  it('refuses invalid checks with the other definition problems', () => {
    const error = (() => {
      try {
        new AssetCatalog([daily({ checks: [{ kind: 'coverage', minRows: -1 }] })]);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(AssetDefinitionError);
    expect((error as AssetDefinitionError).problems).toEqual(['asset "daily_revenue": checks[0] (coverage): minRows must be a whole number >= 1, got -1']);
  });
});
