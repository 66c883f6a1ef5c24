// ESLint: typescript-eslint's recommended type-checked rules over every TypeScript file. Among them
// no-floating-promises, which catches an activity or child workflow started and never awaited.
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'test-results/', 'test/fixtures/user-project/', 'console/page/', '**/*.js', '**/*.mjs', '**/*.mts', '**/*.cjs'] },
  eslint.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  { languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } } },
  // A `let` a handler reads before it is first assigned (a workflow's query, answering from the first moment) stays a `let`.
  { rules: { 'prefer-const': ['error', { ignoreReadBeforeAssign: true }] } },
  {
    // Tests read rows, JSON and command output whose shape is what they assert: typed as `any` there on purpose.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },
);
