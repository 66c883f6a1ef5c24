/** The `retrofill` command line; exit codes in ./exit-codes.ts. */
import { Command } from 'commander';
import { registerBackfillCommand } from './commands/backfill-command';
import { registerConsoleCommand } from './commands/console-command';
import { registerDemoCommand } from './commands/demo-command';
import { registerDevCommand } from './commands/dev-command';
import { registerListCommand } from './commands/list-command';
import { registerPlanCommand } from './commands/plan-command';
import { registerScheduleCommands } from './commands/schedule-commands';
import { registerShadowCommands } from './commands/shadow-commands';
import { registerStatusCommand } from './commands/status-command';
import { registerSteeringCommands } from './commands/steering-commands';
import { registerWorkerCommand } from './commands/worker-command';
import { ExitCode, exitCodeFor } from './exit-codes';
import { printableLines } from './views/terminal-text';

// A reader that stops early (`retrofill status … | head`) closes the pipe: end quietly, as other tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit();
  });
}

const program = new Command('retrofill')
  .description('Durable backfills of partitioned data assets on Temporal')
  .option('--task-queue <name>', 'task queue of the workers (env RETROFILL_TASK_QUEUE, default retrofill)')
  .hook('preAction', (cmd) => {
    const taskQueue = cmd.opts<{ taskQueue?: string }>().taskQueue;
    if (taskQueue) process.env.RETROFILL_TASK_QUEUE = taskQueue;
  })
  // Commander quotes what was typed (an unknown option, an extra argument): escaped like everything else.
  .configureOutput({ outputError: (text, write) => write(printableLines(text)) })
  // Help asked for exits 0; anything commander refuses (an unknown option or command, a missing or invalid value) is rejected usage.
  .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : ExitCode.REJECTED));
registerWorkerCommand(program);
registerBackfillCommand(program);
registerPlanCommand(program);
registerStatusCommand(program);
registerSteeringCommands(program);
registerShadowCommands(program);
registerScheduleCommands(program);
registerListCommand(program);
registerDemoCommand(program);
registerDevCommand(program);
registerConsoleCommand(program);
// After a usage error, one line saying where the usage is, not the whole help.
program.showHelpAfterError('(retrofill --help lists the commands)');
for (const command of program.commands) command.showHelpAfterError(`(retrofill ${command.name()} --help lists its options)`);

program.parseAsync(process.argv).catch((error: unknown) => {
  console.error(`retrofill: ${printableLines(error instanceof Error ? error.message : String(error))}`);
  process.exitCode = exitCodeFor(error);
});
