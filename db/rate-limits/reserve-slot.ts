import type { Knex } from 'knex';
import { rawRows } from '../raw-rows';

/**
 * Reserves the next slot of `key`, spaced `intervalMs` after the previous
 * one, and returns how long to wait for it (0 when it is now). One atomic
 * upsert on the key's row: concurrent callers in any process get distinct
 * slots, so together they never exceed one call per interval.
 */
export async function reserveSlot({ knex }: { knex: Knex }, key: string, intervalMs: number): Promise<number> {
  const [row] = await rawRows<{ wait_ms: string | number }>(
    knex,
    `INSERT INTO retrofill_rate_limits AS r (key, next_slot)
       VALUES (:key, clock_timestamp() + :interval * interval '1 millisecond')
     ON CONFLICT (key) DO UPDATE
       SET next_slot = greatest(r.next_slot, clock_timestamp()) + :interval * interval '1 millisecond'
     RETURNING greatest(0, extract(epoch FROM (r.next_slot - clock_timestamp())) * 1000 - :interval) AS wait_ms`,
    { key, interval: intervalMs },
  );
  return Number(row!.wait_ms);
}
