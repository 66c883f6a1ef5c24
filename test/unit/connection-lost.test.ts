import { describe, expect, it } from 'vitest';
import { isConnectionLost } from '../../activities/connection-lost';

const withCode = (code: string, message = code) => Object.assign(new Error(message), { code });

describe('isConnectionLost', () => {
  it.each([
    ['a refused connection', withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
    ['a reset connection', withCode('ECONNRESET')],
    ['an unresolvable host (DNS down)', withCode('EAI_AGAIN')],
    ['admin shutdown (57P01)', withCode('57P01', 'terminating connection due to administrator command')],
    ['crash shutdown (57P02)', withCode('57P02')],
    ['starting up (57P03)', withCode('57P03', 'the database system is starting up')],
    ['a connection exception (08006)', withCode('08006')],
    ['a connection ended mid-query', new Error('Connection terminated unexpectedly')],
    ['a pooled connection knex saw end', new Error('Connection ended unexpectedly')],
    ['a client that lost its connection', new Error('Client has encountered a connection error and is not queryable')],
    ['a knex acquire timeout', Object.assign(new Error('Knex: Timeout acquiring a connection. The pool is probably full.'), { name: 'KnexTimeoutError' })],
    ['a wrapped cause', new Error('materialize failed', { cause: withCode('ECONNREFUSED') })],
    ['an AggregateError of refused addresses', Object.assign(new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')], ''), {})],
  ])('recognises %s', (_name, error) => {
    expect(isConnectionLost(error)).toBe(true);
  });

  it.each([
    ['a constraint violation', withCode('23505', 'duplicate key value violates unique constraint')],
    ['a serialization failure', withCode('40001')],
    ['a statement timeout (57014)', withCode('57014', 'canceling statement due to statement timeout')],
    ['a query timeout of knex', Object.assign(new Error('Defined query timeout of 100ms exceeded when running query.'), { name: 'KnexTimeoutError' })],
    ['a plain error', new Error('negative amount')],
    ['not an error', 'ECONNREFUSED'],
    ['nothing', undefined],
  ])('leaves alone %s', (_name, error) => {
    expect(isConnectionLost(error)).toBe(false);
  });

  it('stops on a cause that cycles', () => {
    const a = new Error('a') as Error & { cause?: unknown };
    const b = new Error('b', { cause: a });
    a.cause = b;
    expect(isConnectionLost(a)).toBe(false);
  });
});
