/** How many missing inputs a refusal names; the rest are counted. */
const NAMED_MISSING = 10;

/**
 * Whether a run's inputs allow it: undefined when none is missing, else why
 * the run of `label` is refused (a failed attempt like any other, not retried).
 */
export function upstreamRefusal(label: string, missing: readonly string[]): string | undefined {
  if (missing.length === 0) return undefined;
  return (
    `cannot materialize ${label}: upstream partitions not materialized: ${missing.slice(0, NAMED_MISSING).join(', ')}` +
    (missing.length > NAMED_MISSING ? ` and ${missing.length - NAMED_MISSING} more` : '')
  );
}
