/** The terminal's line for a range clipped to the assets' first partitions (see core/plan/clipped-range.ts). */
import type { ClippedStart } from '../../core/plan/clipped-range';

/** One line for the terminal: `Range clipped: raw_events starts at 2012-01-01, …`; undefined when nothing was. */
export function clippedLine(clipped: readonly ClippedStart[] | undefined, from: string | undefined): string | undefined {
  if (!clipped || clipped.length === 0) return undefined;
  const starts = clipped.map((c) => `${c.asset} starts at ${c.firstPartition}`).join(', ');
  return `Range clipped: ${starts}${from === undefined ? '' : ` (the range asked starts at ${from})`}`;
}
