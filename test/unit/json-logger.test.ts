/** `--log-format json`: one JSON object a line, with the fields Temporal and Retrofill attach. */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createJsonLogger } from '../../observability/json-logger';

/** A destination that keeps the lines written to it. */
function lines(): { stream: Writable; read: () => Array<Record<string, unknown>>; raw: () => string[] } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      text += chunk.toString();
      done();
    },
  });
  const raw = () => text.split('\n').filter(Boolean);
  return { stream, raw, read: () => raw().map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('createJsonLogger', () => {
  it('writes one object a line with time, level, msg and the metadata', () => {
    const out = lines();
    const logger = createJsonLogger('INFO', out.stream);
    logger.info('partition materialized', { backfillId: 'b-1', asset: 'raw', partition: '2024-03-01', attempt: 2, rows: 10 });
    logger.warn('partition attempt failed', { reason: 'line one\nline two' });
    const [first, second] = out.read();
    expect(first).toMatchObject({ level: 'info', msg: 'partition materialized', backfillId: 'b-1', asset: 'raw', partition: '2024-03-01', attempt: 2, rows: 10 });
    expect(new Date(first!.time as string).toISOString()).toBe(first!.time);
    expect(second).toMatchObject({ level: 'warn', reason: 'line one\nline two' });
    expect(out.raw()).toHaveLength(2);
  });

  it('logs nothing below its level', () => {
    const out = lines();
    const logger = createJsonLogger('WARN', out.stream);
    logger.debug('hidden');
    logger.info('hidden');
    logger.log('ERROR', 'shown');
    expect(out.read().map((e) => [e.level, e.msg])).toEqual([['error', 'shown']]);
  });

  it('serializes errors with their message and stack, drops symbol keys, and writes bigints as numbers', () => {
    const out = lines();
    createJsonLogger('INFO', out.stream).error('Activity failed', { error: new Error('boom'), [Symbol('ts')]: 1n, n: 5n });
    const [entry] = out.read();
    expect(entry!.error).toMatchObject({ type: 'Error', message: 'boom', stack: expect.stringContaining('boom') });
    expect(entry!.n).toBe(5);
  });
});
