/** The `retrofill` command line. Exit codes: 0 done, 1 error, 2 backfill ended with failures. */
import { Command } from 'commander';
import { registerBackfillCommand } from './commands/backfill-command';
import { registerDemoCommand } from './commands/demo-command';
import { registerWorkerCommand } from './commands/worker-command';

const program = new Command('retrofill')
  .description('Durable backfills of partitioned data assets on Temporal')
  .showHelpAfterError();
registerWorkerCommand(program);
registerBackfillCommand(program);
registerDemoCommand(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(`retrofill: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
