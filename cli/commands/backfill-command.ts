/** `retrofill backfill`: starts a backfill and, with --wait, prints its summary. */
import type { Command } from 'commander';
import { RetrofillClient } from '../../client/retrofill-client';
import type { BackfillRequestInput } from '../../core/backfill-request';
import { formatSummary } from '../format-summary';
import { list, positiveInt } from '../options';

/** Exit code when the backfill ended with failed or skipped partitions. */
export const EXIT_PARTIAL = 2;

interface BackfillOptions {
  assets: string[];
  from?: string;
  to?: string;
  partitions?: string[];
  downstream: boolean;
  concurrency?: number;
  id?: string;
  taskQueue?: string;
  wait: boolean;
}

export function registerBackfillCommand(program: Command): void {
  program
    .command('backfill')
    .alias('start')
    .description('start a backfill of assets over a partition range')
    .requiredOption('--assets <names>', 'comma-separated asset names', list)
    .option('--from <time>', 'first partition, inclusive (e.g. 2024-01-01)')
    .option('--to <time>', 'last partition, inclusive (e.g. 2024-03-31)')
    .option('--partitions <keys>', 'comma-separated partition keys instead of a range', list)
    .option('--downstream', 'also backfill every asset downstream of them', false)
    .option('--concurrency <n>', 'partitions running at once', positiveInt)
    .option('--id <backfillId>', 'backfill id (default: generated)')
    .option('--task-queue <name>', 'task queue (env RETROFILL_TASK_QUEUE)')
    .option('--wait', 'wait for the end and print the summary', false)
    .action(async (opts: BackfillOptions) => {
      const request: BackfillRequestInput = {
        assets: opts.assets,
        downstream: opts.downstream,
        ...(opts.from !== undefined && { from: opts.from }),
        ...(opts.to !== undefined && { to: opts.to }),
        ...(opts.partitions && { partitions: opts.partitions }),
        ...(opts.concurrency && { maxConcurrency: opts.concurrency }),
      };
      const client = await RetrofillClient.connect(opts.taskQueue ? { taskQueue: opts.taskQueue } : {});
      try {
        const handle = await client.start(request, opts.id);
        console.log(`Started backfill ${handle.backfillId}`);
        if (!opts.wait) return;
        const summary = await handle.result();
        console.log(formatSummary(summary));
        if (summary.outcome !== 'completed') process.exitCode = EXIT_PARTIAL;
      } finally {
        await client.close();
      }
    });
}
