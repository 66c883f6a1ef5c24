/**
 * The repository lints clean: eslint.config.mjs (typescript-eslint's
 * recommended type-checked rules) over every file, through ESLint's Node API,
 * with no error and no warning. A failure lists each problem as
 * `file:line rule message`, so CI shows what to fix.
 */
import { relative, resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const repoRoot = resolve(__dirname, '../..');

/** Type-aware linting of the whole repository takes about 30 s of CPU; more on a busy machine. */
const LINT_TIMEOUT_MS = 180_000;

describe('eslint', () => {
  it(
    'reports no problem in the repository',
    async () => {
      const results = await new ESLint({ cwd: repoRoot }).lintFiles(['.']);
      const problems = results.flatMap((result) =>
        result.messages.map((m) => `${relative(repoRoot, result.filePath)}:${m.line} ${m.ruleId ?? '(no rule)'} ${m.message}`),
      );
      const errors = results.reduce((n, r) => n + r.errorCount, 0);
      const warnings = results.reduce((n, r) => n + r.warningCount, 0);
      expect(problems, `${errors} errors, ${warnings} warnings:\n${problems.join('\n')}`).toEqual([]);
    },
    LINT_TIMEOUT_MS,
  );
});
