#!/usr/bin/env node
// The `retrofill` command. In a clone it runs the TypeScript sources through tsx (no build step);
// an installed package runs its built JavaScript in dist/. Either way the user's assets module may
// be TypeScript: tsx's loader is registered for it, so users need no tsx of their own.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

(async () => {
  await import('tsx/esm'); // TypeScript for import(): the user's assets module as ESM
  require('tsx/cjs'); // TypeScript for require(): a CommonJS assets module, Retrofill's own sources in a clone
  const source = join(__dirname, '..', 'cli', 'main.ts');
  require(existsSync(source) ? source : '../dist/cli/main.js');
})().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
