/** Figures of a chaos run: one JSON line on stdout (key "chaos") and test-results/chaos-<name>.json. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const RESULTS_DIR = resolve(__dirname, '../../../test-results');

export function report(name: string, figures: Record<string, unknown>): void {
  const line = { chaos: name, at: new Date().toISOString(), ...figures };
  console.log(JSON.stringify(line));
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, `chaos-${name}.json`), `${JSON.stringify(line, null, 2)}\n`);
}
