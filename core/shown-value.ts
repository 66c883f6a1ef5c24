/** How a value from a request appears in an error message. */

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
  return JSON.stringify(cut).replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
