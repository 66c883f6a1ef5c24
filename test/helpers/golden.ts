/**
 * Compares a text with its golden file in test/golden/. After a deliberate
 * change, review the diff and rewrite the files with RETROFILL_UPDATE_GOLDEN=1.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';

export function expectGolden(name: string, text: string): void {
  const file = join(__dirname, '..', 'golden', `${name}.txt`);
  if (process.env.RETROFILL_UPDATE_GOLDEN === '1') writeFileSync(file, `${text}\n`);
  expect(existsSync(file), `${file} exists (write it with RETROFILL_UPDATE_GOLDEN=1)`).toBe(true);
  expect(`${text}\n`).toBe(readFileSync(file, 'utf8'));
}
