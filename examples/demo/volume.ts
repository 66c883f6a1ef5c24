/**
 * How many synthetic events a demo day has: 200, or `RETROFILL_DEMO_EVENTS_PER_DAY`
 * (the benchmark sets it to give partitions real work).
 */
export function demoEventsPerDay(): number {
  const raw = process.env.RETROFILL_DEMO_EVENTS_PER_DAY;
  if (raw === undefined) return 200;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 1_000_000) {
    throw new Error(`RETROFILL_DEMO_EVENTS_PER_DAY: expected a whole number from 1 to 1000000, got ${JSON.stringify(raw)}`);
  }
  return n;
}
