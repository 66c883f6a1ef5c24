import { describe, expect, it } from 'vitest';
import { assertBackfillId, backfillIdProblem, MAX_BACKFILL_ID_LENGTH } from '../../core/backfill-id';
import { InvalidBackfillRequestError } from '../../core/errors';

describe('backfillIdProblem', () => {
  it.each(['backfill-1f0c3c5e-1d2b-4f43-9f43-0b9d4f3c2a11', 'plan-x', 'nightly/raw_events 2024-01', 'é🔥 ids in any script', 'x'.repeat(MAX_BACKFILL_ID_LENGTH)])(
    'accepts %j',
    (id) => expect(backfillIdProblem(id)).toBeUndefined(),
  );

  it.each([
    ['a newline', 'bf\nStarted backfill forged', /got "bf\\nStarted backfill forged"$/],
    ['a carriage return', 'bf\rforged', /got "bf\\rforged"$/],
    ['an ANSI escape', 'bf\u001b[2J\u001b[31mred', /got "bf\\u001b\[2J\\u001b\[31mred"$/],
    ['a C1 CSI', 'bf\u009b31m', /got "bf\\u009b31m"$/],
    ['DEL', 'bf\u007f', /got "bf\\u007f"$/],
    ['a NUL', 'bf\u0000', /got "bf\\u0000"$/],
    ['a tab', 'bf\tx', /got "bf\\tx"$/],
    ['an RTL override', 'bf\u202egnp.exe', /got "bf\\u202egnp\.exe"$/],
    ['a line separator', 'bf\u2028x', /got "bf\\u2028x"$/],
  ])('refuses %s, naming it escaped', (_what, id, shown) => {
    const problem = backfillIdProblem(id);
    expect(problem).toMatch(/^backfillId: control, format and separator characters \(line breaks, terminal escapes, direction marks\) are not allowed, /);
    expect(problem).toMatch(shown);
    // eslint-disable-next-line no-control-regex -- no raw control character may reach the message: the test looks for them
    expect(problem).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e\u2028]/);
  });

  it('refuses an empty, a non-string and a too long id', () => {
    expect(backfillIdProblem('')).toBe('backfillId: expected a non-empty string, got ""');
    expect(backfillIdProblem(42)).toBe('backfillId: expected a non-empty string, got 42');
    expect(backfillIdProblem('x'.repeat(MAX_BACKFILL_ID_LENGTH + 1))).toMatch(/^backfillId: longer than 1000 characters: "x{40}…"$/);
  });
});

describe('assertBackfillId', () => {
  it('throws InvalidBackfillRequestError naming the problem', () => {
    expect(() => assertBackfillId('a\u001b[31m')).toThrow(InvalidBackfillRequestError);
    expect(() => assertBackfillId('a\u001b[31m')).toThrow(/^Invalid backfill request: backfillId: control, .* got "a\\u001b\[31m"$/);
    expect(() => assertBackfillId('backfill-1')).not.toThrow();
  });
});
