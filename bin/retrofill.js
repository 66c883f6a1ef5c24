#!/usr/bin/env node
// Runs the TypeScript CLI, and the user's TypeScript assets module, without a build step.
(async () => {
  await import('tsx/esm'); // TypeScript for import(): the user's assets module
  require('tsx/cjs'); // TypeScript for require(): Retrofill's own modules
  require('../cli/main.ts');
})().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
