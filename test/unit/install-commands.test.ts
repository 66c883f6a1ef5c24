/**
 * The README's test command is what CI runs, and CI installs nothing that
 * command would not: otherwise CI is green while a newcomer sees red. The
 * Dockerfile installs the same way.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
/** Shell lines that run something: comments and blank lines dropped. */
const commands = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));

describe('install commands', () => {
  const readme = read('README.md');
  const ci = commands(read('.ci/run'));

  it('the README gives npm ci && npm test, and .ci/run runs npm ci then npm test', () => {
    expect(readme).toMatch(/^npm ci && npm test\b/m);
    const install = ci.findIndex((line) => /^npm ci\b/.test(line));
    const test = ci.findIndex((line) => /^npm test$/.test(line));
    expect(install).toBeGreaterThanOrEqual(0);
    expect(test).toBeGreaterThan(install);
  });

  it('.ci/run installs nothing beyond npm ci', () => {
    const installs = ci.filter((line) => /\b(apt-get|apt|go install|pip3? install|npm install|curl|wget)\b/.test(line));
    expect(installs).toEqual([]);
  });

  it('the Dockerfile installs with the same npm ci', () => {
    const run = commands(read('Dockerfile')).filter((line) => line.startsWith('RUN '));
    expect(run).toContain('RUN npm ci --no-audit --no-fund');
    expect(ci).toContain('npm ci --no-audit --no-fund || { echo "npm ci failed"; echo "0 passed, 1 failed"; exit 1; }');
  });
});
