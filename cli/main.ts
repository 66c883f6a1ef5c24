/** The `retrofill` command line; exit codes in ./exit-codes.ts. */
import { Command } from 'commander';
import { registerBackfillCommand } from './commands/backfill-command';
import { registerDemoCommand } from './commands/demo-command';
import { registerDevCommand } from './commands/dev-command';
import { registerListCommand } from './commands/list-command';
import { registerPlanCommand } from './commands/plan-command';
import { registerShadowCommands } from './commands/shadow-commands';
import { registerStatusCommand } from './commands/status-command';
import { registerSteeringCommands } from './commands/steering-commands';
import { registerWorkerCommand } from './commands/worker-command';
import { exitCodeFor } from './exit-codes';
import { printableLines } from './terminal-text';

const program = new Command('retrofill')
  .description('Durable backfills of partitioned data assets on Temporal')
  .option('--task-queue <name>', 'task queue of the workers (env RETROFILL_TASK_QUEUE, default retrofill)')
  .hook('preAction', (cmd) => {
    const taskQueue = cmd.opts<{ taskQueue?: string }>().taskQueue;
    if (taskQueue) process.env.RETROFILL_TASK_QUEUE = taskQueue;
  })
  // Commander quotes what was typed (an unknown option, an extra argument): escaped like everything else.
  .configureOutput({ outputError: (text, write) => write(printableLines(text)) })
  .showHelpAfterError();
registerWorkerCommand(program);
registerBackfillCommand(program);
registerPlanCommand(program);
registerStatusCommand(program);
registerSteeringCommands(program);
registerShadowCommands(program);
registerListCommand(program);
registerDemoCommand(program);
registerDevCommand(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(`retrofill: ${printableLines(error instanceof Error ? error.message : String(error))}`);
  process.exitCode = exitCodeFor(error);
});
