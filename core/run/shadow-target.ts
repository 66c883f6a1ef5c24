/** What decides where a run writes: the request's isolation and its backfill. */
export interface RunIsolation {
  /** `shadow`: write to the backfill's shadow tables, not production; omitted for production. */
  isolation?: 'shadow';
  backfillId: string | null;
}

/**
 * The backfill whose shadow the run of `label` writes to (`shadowOf`
 * undefined: production), or why it cannot run: a shadow belongs to a backfill.
 */
export function shadowTarget(run: RunIsolation, label: string): { shadowOf: string | undefined } | { invalid: string } {
  if (run.isolation !== 'shadow') return { shadowOf: undefined };
  if (!run.backfillId) return { invalid: `cannot materialize ${label} in a shadow without a backfill id` };
  return { shadowOf: run.backfillId };
}
