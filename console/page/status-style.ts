/**
 * How each partition status looks: Okabe–Ito colours (told apart with any
 * colour vision), and a text label everywhere a colour is shown.
 */
export const STATUS_STYLE = {
  materialized: { label: 'materialized', className: 's-materialized' },
  stale: { label: 'stale', className: 's-stale' },
  failed: { label: 'failed', className: 's-failed' },
  missing: { label: 'missing', className: 's-missing' },
  running: { label: 'running', className: 's-running' },
} as const;

export type ShownStatus = keyof typeof STATUS_STYLE;

/** The report's one letter a partition. */
export const STATUS_OF_LETTER: Record<string, ShownStatus> = { m: 'materialized', s: 'stale', f: 'failed', '-': 'missing' };
