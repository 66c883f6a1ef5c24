/** One line of `retrofill list`. Pure, so it is unit-tested. */
import type { BackfillListing } from '../client/retrofill-client';
import { printable } from './terminal-text';

/**
 * `<id>  <STATUS> started <time>[ ended <time>]  [<kind>  ]<assets>`. The id and the
 * assets (a search attribute) are whatever the workflow's starter chose: escaped.
 * The kind (with `--all`) is left out for backfills.
 */
export function listingLine(b: BackfillListing): string {
  const ended = b.closeTime ? ` ended ${b.closeTime.toISOString()}` : '';
  const what = [b.kind && b.kind !== 'backfill' ? b.kind : '', printable(b.assets.join(','))].filter((part) => part !== '').join('  ');
  return `${printable(b.backfillId)}  ${b.status.padEnd(10)} started ${b.startTime.toISOString()}${ended}  ${what}`;
}
