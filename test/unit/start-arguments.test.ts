import { defaultPayloadConverter } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { InvalidBackfillRequestError } from '../../core/errors';
import { checkStartArguments } from '../../workflows/start-arguments';
import { markUndecodable, undecodableEncoding } from '../../workflows/undecodable-arguments';

const REQUEST = { assets: ['raw_events'], from: '2023-01-01', to: '2023-01-02' };
const bytes = (s: string) => new TextEncoder().encode(s);

/** The error checkStartArguments throws; fails the test when it does not throw. */
function refusal(backfillId: string, input: unknown, extra = 0): InvalidBackfillRequestError {
  try {
    checkStartArguments(backfillId, input, extra);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidBackfillRequestError);
    return error as InvalidBackfillRequestError;
  }
  throw new Error('accepted');
}

describe('checkStartArguments', () => {
  it('accepts a plain id with one decoded request', () => {
    expect(() => checkStartArguments('backfill-1', REQUEST, 0)).not.toThrow();
  });

  it('refuses a workflow id with control characters, escaped', () => {
    expect(refusal('bf\u001b[31m\nforged', REQUEST).message).toBe(
      'Invalid backfill request: backfillId: control, format and separator characters (line breaks, terminal escapes, direction marks) ' +
        'are not allowed, got "bf\\u001b[31m\\nforged" (the workflow id is the backfill id)',
    );
  });

  it('refuses a request that could not be decoded, and a third argument', () => {
    expect(refusal('backfill-1', { $retrofillUndecodable: 'json/plain' }).message).toBe(
      'Invalid backfill request: request: cannot be decoded (payload encoding "json/plain"): send it as JSON',
    );
    expect(refusal('backfill-1', REQUEST, 1).message).toBe('Invalid backfill request: the backfill workflow takes one argument, the request; got 3');
  });
});

describe('markUndecodable', () => {
  it('keeps what decodes, and marks what does not with its encoding', () => {
    const good = defaultPayloadConverter.toPayload(REQUEST);
    const notJson = { metadata: { encoding: bytes('json/plain') }, data: bytes('{"assets": [') };
    const unknown = { metadata: { encoding: bytes('binary/\u001b[31m') }, data: bytes('x') };
    const none = { metadata: {}, data: bytes('x') };
    const [kept, ...marked] = markUndecodable([good, notJson, unknown, none]).map((p) => defaultPayloadConverter.fromPayload(p));
    expect(kept).toEqual(REQUEST);
    expect(marked.map(undecodableEncoding)).toEqual(['json/plain', 'binary/\u001b[31m', '(none)']);
  });

  it('undecodableEncoding is undefined for decoded values', () => {
    for (const value of [REQUEST, null, 'x', 42, [], { assets: [] }]) expect(undecodableEncoding(value)).toBeUndefined();
  });
});
