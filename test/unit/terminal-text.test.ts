import { describe, expect, it } from 'vitest';
import { listingLine } from '../../cli/views/list-view';
import { formatSummary } from '../../cli/views/format-summary';
import { headerLine } from '../../cli/views/progress-view';
import { printable, printableJson, printableLines } from '../../cli/views/terminal-text';
import { shownValue } from '../../core/shown-value';
import type { BackfillProgress } from '../../core/run/backfill-progress';
import type { BackfillSummary } from '../../core/run/backfill-summary';
import { RAW_CONTROL } from '../helpers/raw-control';

const HOSTILE = 'bf\u001b[2J\u001b[31m\nStarted backfill forged\r\u009b1m\u202e\u2028';
const ESCAPED = 'bf\\u001b[2J\\u001b[31m\\u000aStarted backfill forged\\u000d\\u009b1m\\u202e\\u2028';

describe('printable', () => {
  it('escapes control, format and separator characters, and nothing else', () => {
    expect(printable(HOSTILE)).toBe(ESCAPED);
    expect(printable('backfill-1 é🔥 "quoted" \\ back')).toBe('backfill-1 é🔥 "quoted" \\ back');
  });

  it('keeps both halves of a format character beyond the BMP', () => {
    expect(printable('a\u{e0001}b')).toBe('a\\udb40\\udc01b');
  });

  it('is what shownValue escapes with', () => {
    expect(shownValue('a\u001bb')).toBe('"a\\u001bb"');
    expect(shownValue('\u202eraw')).toBe('"\\u202eraw"');
  });
});

describe('printableLines', () => {
  it('keeps line breaks, escapes the rest', () => {
    expect(printableLines('Invalid asset definitions:\n- a\u001b[31m\n- b')).toBe('Invalid asset definitions:\n- a\\u001b[31m\n- b');
  });
});

describe('printableJson', () => {
  it('is valid JSON of the same value, with nothing raw a terminal acts on', () => {
    const value = { backfillId: HOSTILE, assets: ['\u009b31m'], nested: [{ reason: '\u202e' }] };
    const text = printableJson(value);
    expect(text).not.toMatch(RAW_CONTROL);
    expect(JSON.parse(text)).toEqual(value);
    expect(text.split('\n').length).toBe(JSON.stringify(value, null, 2).split('\n').length);
  });
});

describe('retrofill list', () => {
  it('prints a hostile id and assets escaped, on one line', () => {
    const line = listingLine({
      backfillId: HOSTILE,
      status: 'FAILED',
      assets: ['raw_events', 'x\u001b]0;title\u0007'],
      startTime: new Date('2026-12-03T10:00:00Z'),
      closeTime: new Date('2026-12-03T10:00:01Z'),
    });
    expect(line).toBe(
      `${ESCAPED}  FAILED     started 2026-12-03T10:00:00.000Z ended 2026-12-03T10:00:01.000Z  raw_events,x\\u001b]0;title\\u0007`,
    );
    expect(line).not.toMatch(RAW_CONTROL);
    expect(line).not.toContain('\n');
  });

  it('prints a plain id as it is', () => {
    const line = listingLine({ backfillId: 'backfill-1', status: 'RUNNING', assets: ['raw_events'], startTime: new Date('2026-12-03T10:00:00Z') });
    expect(line).toBe('backfill-1  RUNNING    started 2026-12-03T10:00:00.000Z  raw_events');
  });
});

describe('summaries and progress', () => {
  const counts = { total: 1, pending: 0, running: 0, succeeded: 0, failed: 1, skipped: 0, cancelled: 0, rows: 0 };

  it('formatSummary escapes the id and the reasons', () => {
    const summary: BackfillSummary = {
      backfillId: HOSTILE,
      outcome: 'completedWithFailures',
      ...counts,
      assets: [{ asset: 'raw_events', ...counts, failures: [{ partition: '2023-01-01', reason: 'boom\u001b[2J\nforged line' }], skips: [] }],
    };
    const text = formatSummary(summary);
    expect(text).toContain(`Backfill ${ESCAPED}: completedWithFailures`);
    expect(text).toContain('failed  raw_events/2023-01-01: boom\\u001b[2J\\u000aforged line');
    expect(text).not.toMatch(RAW_CONTROL);
    expect(text).not.toMatch(/^forged line/m);
  });

  it('the status header escapes the id', () => {
    const progress: BackfillProgress = {
      backfillId: HOSTILE,
      state: 'running',
      maxConcurrency: 8,
      startedAt: '2026-12-03T10:00:00.000Z',
      elapsedMs: 1000,
      totals: { ...counts, failed: 0, succeeded: 1 },
      assets: [],
      running: [],
      recentFailures: [],
    };
    expect(headerLine(progress)).toMatch(new RegExp(`^Backfill ${ESCAPED.replace(/[\\[\]]/g, '\\$&')}: running, `));
  });
});
