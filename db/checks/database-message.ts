/**
 * The database's own message of a failed check query. knex puts the whole
 * SQL before it (`<sql> - column "x" does not exist`), and the SQL of a
 * check may itself contain ` - `: every check query ends with a marker, and
 * the message is what follows it.
 */

/** Ends every check query (a comment: PostgreSQL ignores it). */
export const END_OF_CHECK_SQL = '/* end of retrofill check */';

const SEPARATOR = `${END_OF_CHECK_SQL} - `;

/** The message of `error` without the SQL knex prefixed it with. */
export function databaseMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const at = message.lastIndexOf(SEPARATOR);
  return at === -1 ? message : message.slice(at + SEPARATOR.length);
}
