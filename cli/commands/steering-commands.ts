/** `retrofill pause|resume|throttle|cancel <id>`: steer a running backfill. */
import type { Command } from 'commander';
import { ExitCode } from '../exit-codes';
import { formatSummary } from '../views/format-summary';
import { printable } from '../views/terminal-text';
import { withClient } from '../with-client';

export function registerSteeringCommands(program: Command): void {
  program
    .command('pause <backfillId>')
    .description('let running partitions finish and start no new one until resume')
    .action((id: string) =>
      withClient(async (c) => {
        await c.pause(id);
        console.log(`Paused ${printable(id)}`);
      }),
    );

  program
    .command('resume <backfillId>')
    .description('start partitions again after a pause')
    .action((id: string) =>
      withClient(async (c) => {
        await c.resume(id);
        console.log(`Resumed ${printable(id)}`);
      }),
    );

  program
    .command('throttle <backfillId> <maxConcurrency>')
    .description('set how many partitions may run at once (from the next one started)')
    .action((id: string, value: string) =>
      withClient(async (c) => {
        // The workflow validates the number (range, whole): pass what was typed.
        const n = /^-?\d+$/.test(value) ? Number(value) : (value as unknown as number);
        console.log(`Concurrency of ${printable(id)} is now ${await c.throttle(id, n)}`);
      }),
    );

  program
    .command('cancel <backfillId>')
    .description('cancel: running partitions stop and keep their old content, pending ones never start')
    .option('--wait', 'wait for the cancellation to finish and print the summary', false)
    .action((id: string, opts: { wait: boolean }) =>
      withClient(async (c) => {
        await c.cancel(id);
        console.log(`Cancellation requested for ${printable(id)}`);
        if (!opts.wait) return;
        const summary = await c.result(id);
        console.log(formatSummary(summary));
        if (summary.outcome !== 'completed') process.exitCode = ExitCode.PARTIAL;
      }),
    );
}
