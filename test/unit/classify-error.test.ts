import { ApplicationFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { toActivityFailure } from '../../activities/to-activity-failure';
import { classifyError } from '../../core/run/classify-error';
import { NonRetryableError, TransientError, httpError, parseRetryAfter } from '../../assets/materialize-errors';

const withCode = (code: string) => Object.assign(new Error(code), { code });
const response = (status: number, retryAfter?: string) => ({ status, headers: { get: (h: string) => (h === 'retry-after' ? (retryAfter ?? null) : null) } });

describe('classifyError', () => {
  it.each([
    ['serialization failure', withCode('40001')],
    ['deadlock', withCode('40P01')],
    ['connection failure', withCode('08006')],
    ['server shutting down', withCode('57P01')],
    ['connection reset', withCode('ECONNRESET')],
    ['a transient cause', new Error('wrapped', { cause: withCode('ETIMEDOUT') })],
  ])('retries a passing fault: %s', (_name, error) => {
    expect(classifyError(error)).toEqual({ kind: 'transient' });
  });

  it.each([
    ['invalid input syntax', withCode('22P02')],
    ['unique violation', withCode('23505')],
    ['undefined column', withCode('42703')],
    ['a NonRetryableError', new NonRetryableError('negative amount in row 17')],
  ])('fails at once on bad data or a bug: %s', (_name, error) => {
    expect(classifyError(error)).toEqual({ kind: 'permanent' });
  });

  it('leaves unknown errors to the retry policy', () => {
    expect(classifyError(new Error('something odd'))).toEqual({ kind: 'unknown' });
  });
});

describe('HTTP failures', () => {
  it('treats 429 and 503 as transient, honouring Retry-After in seconds or as a date', () => {
    expect(classifyError(httpError(response(429, '3')))).toEqual({ kind: 'transient', retryAfterMs: 3000 });
    expect(classifyError(httpError(response(503)))).toEqual({ kind: 'transient', retryAfterMs: undefined });
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:05 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(5000);
  });

  it('treats other client errors as permanent, naming the status', () => {
    const error = httpError(response(404), 'GET /customers?page=3');
    expect(error).toBeInstanceOf(NonRetryableError);
    expect(error.message).toBe('GET /customers?page=3 failed: HTTP 404');
  });
});

describe('toActivityFailure', () => {
  it('makes permanent errors non-retryable and passes the requested delay of transient ones', () => {
    const permanent = toActivityFailure(withCode('23505'), 'duplicate key') as ApplicationFailure;
    expect(permanent).toMatchObject({ message: 'duplicate key', nonRetryable: true, type: 'NonRetryable' });
    const transient = toActivityFailure(new TransientError('busy', 1500), 'busy') as ApplicationFailure;
    expect(transient).toMatchObject({ message: 'busy', nonRetryable: false, nextRetryDelay: 1500 });
  });

  it('rethrows unknown errors unchanged', () => {
    const error = new Error('odd');
    expect(toActivityFailure(error, 'odd')).toBe(error);
  });
});
