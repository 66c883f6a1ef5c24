import type { Knex } from 'knex';

/**
 * What a query runs on: the pool, or a transaction it must be part of (the
 * partition's own transaction, so its statements commit or roll back together).
 */
export type Db = Knex | Knex.Transaction;
