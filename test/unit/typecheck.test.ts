/**
 * The repository type-checks: vitest runs TypeScript without checking types,
 * so without this nothing in `npm test` would catch a type error, nor a
 * workflow that no longer fits its signature in contract/ (workflows/index.ts
 * checks that at compile time). The same as `npm run typecheck`.
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const repoRoot = resolve(__dirname, '../..');
const tsc = resolve(repoRoot, 'node_modules/typescript/bin/tsc');

/** Checking the repository takes about 20 s of CPU; more on a busy machine. */
const TYPECHECK_TIMEOUT_MS = 180_000;

/** tsc's diagnostics for one project, empty when it type-checks. */
async function diagnostics(project: string): Promise<string> {
  try {
    await promisify(execFile)(process.execPath, [tsc, '--noEmit', '-p', project], { cwd: repoRoot, maxBuffer: 16 * 1024 * 1024 });
    return '';
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    return `${stdout ?? ''}${stderr ?? ''}` || String(error);
  }
}

describe('tsc --noEmit', () => {
  it.for(['tsconfig.json', 'console/page'])('%s type-checks', { timeout: TYPECHECK_TIMEOUT_MS }, async (project) => {
    expect(await diagnostics(project)).toBe('');
  });
});
