/** What `retrofill dev` prints once it runs: where things are, and what to paste into another terminal. */
import { DEFAULT_TASK_QUEUE } from '../../contract';
import { partitionKeys, type PartitionsDef } from '../../core/partitions/partitions-def';
import { shiftPartitionStart } from '../../core/partitions/time-granularity';
import { parseTimeSpec } from '../../core/partitions/time-spec';

export interface DevBannerInput {
  databaseUrl: string;
  /** True when the PostgreSQL is ours (embedded), false for `--database-url`. */
  embeddedDatabase: boolean;
  temporalAddress: string;
  /** The Web UI of our dev server; undefined for `--temporal-address`. */
  uiUrl?: string;
  /** The Retrofill console; undefined with `--no-console`. */
  consoleUrl?: string;
  taskQueue: string;
  /** The assets module as given on the command line. */
  modulePath: string;
  /** The module's assets, in export order. */
  assets: ReadonlyArray<{ name: string; partitions: PartitionsDef }>;
}

/** How many partitions of the first asset the suggested backfill covers. */
const HINT_PARTITIONS = 7;

/** `value` quoted for a POSIX shell when it holds anything but plainly safe characters. */
export function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * The partition flags of a first backfill of an asset: its first few
 * partitions, so the suggestion runs in seconds; empty when it has none yet.
 */
export function hintPartitionArgs(partitions: PartitionsDef, nowMs: number): string[] {
  if (partitions.kind === 'unpartitioned') return [];
  if (partitions.kind === 'static') return ['--partitions', partitions.keys.slice(0, HINT_PARTITIONS).join(',')];
  const start = parseTimeSpec(partitions.start)?.start;
  if (start === undefined) return [];
  const window = { start, end: shiftPartitionStart(partitions, start, HINT_PARTITIONS) };
  const keys = partitionKeys(partitions, nowMs, window);
  return keys.length === 0 ? [] : ['--from', keys[0]!, '--to', keys[keys.length - 1]!];
}

/** The lines `retrofill dev` prints after everything started. */
export function formatDevBanner(input: DevBannerInput, nowMs = Date.now()): string {
  const names = input.assets.map((a) => a.name);
  const exports = [`export DATABASE_URL=${shellQuote(input.databaseUrl)}`, `export TEMPORAL_ADDRESS=${shellQuote(input.temporalAddress)}`];
  if (input.taskQueue !== DEFAULT_TASK_QUEUE) exports.push(`export RETROFILL_TASK_QUEUE=${shellQuote(input.taskQueue)}`);
  const first = input.assets[0];
  const backfill = first
    ? ['npx retrofill backfill --assets', first.name, ...hintPartitionArgs(first.partitions, nowMs), '--wait'].join(' ')
    : undefined;
  return [
    `Retrofill dev: ${input.modulePath} (${names.length} asset${names.length === 1 ? '' : 's'}: ${names.join(', ')})`,
    `  PostgreSQL  ${input.databaseUrl}${input.embeddedDatabase ? ' (embedded, deleted on exit)' : ''}`,
    `  Temporal    ${input.temporalAddress}${input.uiUrl ? ' (dev server, in memory)' : ''}`,
    ...(input.uiUrl ? [`  Web UI      ${input.uiUrl}`] : []),
    ...(input.consoleUrl ? [`  Console     ${input.consoleUrl}`] : []),
    `  Task queue  ${input.taskQueue}`,
    '',
    'In another terminal:',
    ...exports.map((line) => `  ${line}`),
    ...(backfill ? [`  ${backfill}`] : []),
    '',
  ].join('\n');
}
