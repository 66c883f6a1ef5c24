import type { Knex } from 'knex';
import { LEDGER_TABLE, type DbLedgerRow, type LedgerStatus } from '../rows';

/**
 * Closes a ledger row (or the rows of an attempt over several partitions).
 * Called with the partition's own transaction on success, so the row says
 * succeeded exactly when the data is committed.
 */
export async function recordAttemptEnd(
  { knex }: { knex: Knex | Knex.Transaction },
  ledgerId: string | readonly string[],
  end: { status: Exclude<LedgerStatus, 'running'>; rowCount?: number; error?: string },
): Promise<void> {
  await knex<DbLedgerRow>(LEDGER_TABLE)
    .whereIn('id', typeof ledgerId === 'string' ? [ledgerId] : [...ledgerId])
    .update({
      status: end.status,
      row_count: end.rowCount === undefined ? null : String(end.rowCount),
      error: end.error ?? null,
      finished_at: knex.raw('clock_timestamp()') as unknown as Date,
    });
}
