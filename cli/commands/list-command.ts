/** `retrofill list`: running and recent backfills, newest first (with --all, every workflow of the task queue). */
import type { Command } from 'commander';
import { listingLines } from '../views/list-view';
import { positiveInt } from '../options';
import { printableJson } from '../views/terminal-text';
import { withClient } from '../with-client';

export function registerListCommand(program: Command): void {
  program
    .command('list')
    .description('list running and recent backfills, newest first')
    .option('--running', 'only running backfills', false)
    .option('--all', "every workflow of the task queue: dry runs, status reads, partitions' workflows too", false)
    .option('--limit <n>', 'at most this many', positiveInt, 20)
    .option('--json', 'print JSON', false)
    .action((opts: { running: boolean; all: boolean; limit: number; json: boolean }) =>
      withClient(async (client) => {
        // One line per backfill, however many times it continued as new.
        const backfills = await client.list({ runningOnly: opts.running, all: opts.all, limit: opts.limit });
        if (opts.json) return console.log(printableJson(backfills));
        if (backfills.length === 0) return console.log('No backfills.');
        console.log(listingLines(backfills).join('\n'));
      }),
    );
}
