/** `retrofill backfill`: starts a backfill and, with --wait, prints its summary. */
import type { Command } from 'commander';
import { parseBackfillRequest, type BackfillRequestInput } from '../../core/backfill-request';
import { ExitCode } from '../exit-codes';
import { formatSummary } from '../format-summary';
import { withClient } from '../with-client';
import { list, positiveInt } from '../options';

interface BackfillOptions {
  assets: string[];
  from?: string;
  to?: string;
  partitions?: string[];
  downstream: boolean;
  concurrency?: number;
  id?: string;
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
      // A malformed request is rejected before connecting: no server is needed to say what is wrong.
      parseBackfillRequest(request);
      await withClient(async (client) => {
        const handle = await client.start(request, opts.id);
        console.log(`Started backfill ${handle.backfillId}`);
        if (!opts.wait) return;
        const summary = await handle.result();
        console.log(formatSummary(summary));
        if (summary.outcome !== 'completed') process.exitCode = ExitCode.PARTIAL;
      });
    });
}
