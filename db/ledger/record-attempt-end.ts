import type { Db } from '../db';
import { LEDGER_TABLE, type DbLedgerRow, type LedgerStatus } from '../rows';

/**
 * Closes the ledger rows of an attempt that did not commit (one row, or one
 * per partition of a range), if they are still running: a row a later attempt
 * or the run's settlement already closed keeps what they wrote. Successes are
 * recorded in the partition's own transaction (`recordAttemptSuccess`).
 * @returns the rows closed
 */
export async function recordAttemptEnd(
  { knex }: { knex: Db },
  ledgerId: string | readonly string[],
  end: { status: Exclude<LedgerStatus, 'running' | 'succeeded'>; rowCount?: number; error?: string },
): Promise<number> {
  return knex<DbLedgerRow>(LEDGER_TABLE)
    .whereIn('id', typeof ledgerId === 'string' ? [ledgerId] : [...ledgerId])
    .where({ status: 'running' })
    .update({
      status: end.status,
      row_count: end.rowCount === undefined ? null : String(end.rowCount),
      error: end.error ?? null,
      finished_at: knex.raw('clock_timestamp()') as unknown as Date,
    });
}
