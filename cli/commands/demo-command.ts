/** `retrofill demo`: the demo backfill on embedded servers (same as `npm run demo`). */
import type { Command } from 'commander';
import { runDemo } from '../../examples/demo/run-demo';

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('backfill the demo pipeline on embedded PostgreSQL and a Temporal dev server')
    .action(async () => {
      process.exitCode = (await runDemo()) ? 0 : 1;
    });
}
