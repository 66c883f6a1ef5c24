/** How a value from a request appears in an error message or on a terminal. */

/** Control (C0, DEL, C1: line breaks, terminal escapes), format (direction marks) and line/paragraph separator characters. */
export const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

const UNPRINTABLE_ALL = new RegExp(UNPRINTABLE.source, 'gu');

/** `\uXXXX` per UTF-16 unit: a character beyond the BMP (some format characters are) keeps both halves. */
const escaped = (c: string): string =>
  c
    .split('')
    .map((unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .join('');

/**
 * `text` with every UNPRINTABLE character written as `\uXXXX`: printed, it
 * stays on one line and cannot move the cursor, recolour or clear a terminal,
 * or reorder what follows it.
 */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE_ALL, escaped);
}

/**
 * `value` for a message: strings as JSON, cut to `max` characters, with control,
 * format (direction marks) and separator characters escaped, so a hostile or
 * huge value can neither flood nor garble the message.
 */
export function shownValue(value: unknown, max = 40): string {
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object' && value !== null) return 'an object';
  if (typeof value !== 'string') return String(value);
  const cut = value.length > max ? `${value.slice(0, max)}…` : value;
  return printable(JSON.stringify(cut));
}
