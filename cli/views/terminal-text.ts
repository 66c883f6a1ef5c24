/**
 * What the `retrofill` command prints of text it did not write itself: ids and
 * assets chosen by whoever started a backfill, error messages quoting them,
 * reasons from the user's code. Control characters in them are escaped, so a
 * hostile id can neither forge output lines nor drive the terminal.
 */
import { printable } from '../../core/shown-value';

export { printable };

/** `text` with its line breaks kept and every other control, format or separator character escaped. */
export function printableLines(text: string): string {
  return text.split('\n').map(printable).join('\n');
}

/**
 * `value` as indented JSON. JSON escapes the C0 controls already; this also
 * escapes DEL, the C1 controls and format characters, which it leaves raw,
 * and stays valid JSON (they occur only inside strings, as `\uXXXX`).
 */
export function printableJson(value: unknown): string {
  return printableLines(JSON.stringify(value, null, 2));
}
