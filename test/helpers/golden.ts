/**
 * Golden files in test/golden/: the expected text of a report, compared at
 * the call site (`expect(text).toBe(golden(name, text))`). After a deliberate
 * change, review the diff and rewrite the files with RETROFILL_UPDATE_GOLDEN=1.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The golden text `name` (without its final newline); with
 * RETROFILL_UPDATE_GOLDEN=1, `actual` is written there first.
 * @throws Error naming the file when it does not exist.
 */
export function golden(name: string, actual: string): string {
  const file = join(__dirname, '..', 'golden', `${name}.txt`);
  if (process.env.RETROFILL_UPDATE_GOLDEN === '1') writeFileSync(file, `${actual}\n`);
  if (!existsSync(file)) throw new Error(`${file} does not exist (write it with RETROFILL_UPDATE_GOLDEN=1)`);
  return readFileSync(file, 'utf8').replace(/\n$/, '');
}
