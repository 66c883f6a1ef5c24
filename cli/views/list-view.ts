/** One line of `retrofill list`. Pure, so it is unit-tested. */
import type { BackfillListing } from '../../client/backfill-listings';
import { printable } from './terminal-text';

/**
 * `<id>  <STATUS> started <time>[ ended <time>]  [<kind>  ]<assets>`. The id and the
 * assets (a search attribute) are whatever the workflow's starter chose: escaped.
 * The kind (with `--all`) is left out for backfills.
 */
export function listingLine(b: BackfillListing, idWidth = 0): string {
  const ended = b.closeTime ? ` ended ${b.closeTime.toISOString()}` : '';
  const what = [b.kind && b.kind !== 'backfill' ? b.kind : '', printable(b.assets.join(','))].filter((part) => part !== '').join('  ');
  return `${printable(b.backfillId).padEnd(idWidth)}  ${b.status.padEnd(10)} started ${b.startTime.toISOString()}${ended}  ${what}`;
}

/** Ids are padded to this width at most: a longer one shifts its own line only. */
const MAX_ID_WIDTH = 40;

/** `retrofill list`'s lines, the ids padded to a common width so the columns align. */
export function listingLines(listings: readonly BackfillListing[]): string[] {
  const width = Math.min(MAX_ID_WIDTH, Math.max(0, ...listings.map((b) => printable(b.backfillId).length)));
  return listings.map((b) => listingLine(b, width));
}
