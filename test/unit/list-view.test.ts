/** `retrofill list`: one line per backfill; with --all, what each other workflow is. */
import { describe, expect, it } from 'vitest';
import { listingLine, listingLines } from '../../cli/views/list-view';
import { workflowIdsFilter } from '../../client/backfill-listings';

const started = new Date('2026-12-06T10:00:00.000Z');
const ended = new Date('2026-12-06T10:05:00.000Z');

describe('listingLine', () => {
  it('shows a backfill with its status, times and assets', () => {
    expect(listingLine({ backfillId: 'bf-1', status: 'COMPLETED', assets: ['raw', 'daily'], startTime: started, closeTime: ended })).toBe(
      'bf-1  COMPLETED  started 2026-12-06T10:00:00.000Z ended 2026-12-06T10:05:00.000Z  raw,daily',
    );
  });

  it('names the kind of a workflow that is not a backfill (--all)', () => {
    expect(listingLine({ backfillId: 'plan-1', status: 'FAILED', assets: [], startTime: started, kind: 'dryRun' })).toBe('plan-1  FAILED     started 2026-12-06T10:00:00.000Z  dryRun');
    expect(listingLine({ backfillId: 'bf-1', status: 'RUNNING', assets: ['raw'], startTime: started, kind: 'backfill' })).toBe('bf-1  RUNNING    started 2026-12-06T10:00:00.000Z  raw');
  });
});

describe('listingLines', () => {
  it('pads the ids to the widest, at most 40 characters, so the columns align', () => {
    const lines = listingLines([
      { backfillId: 'bf-1', status: 'RUNNING', assets: ['raw'], startTime: started },
      { backfillId: 'reingest-2013', status: 'COMPLETED', assets: ['raw'], startTime: started },
    ]);
    expect(lines.map((l) => l.indexOf('started'))).toEqual([26, 26]);
    const long = listingLines([
      { backfillId: 'x'.repeat(60), status: 'RUNNING', assets: [], startTime: started },
      { backfillId: 'bf-1', status: 'RUNNING', assets: [], startTime: started },
    ]);
    expect(long.map((l) => l.indexOf('RUNNING'))).toEqual([62, 42]);
  });
});

describe('workflowIdsFilter', () => {
  it('quotes each id, doubling quotes, and leaves out ids with a backslash', () => {
    expect(workflowIdsFilter(['a', "it's", 'back\\slash'])).toBe("WorkflowId IN ('a', 'it''s')");
    expect(workflowIdsFilter(['back\\slash'])).toBeUndefined();
  });
});
