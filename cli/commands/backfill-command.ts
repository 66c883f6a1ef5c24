/** `retrofill backfill`: starts a backfill and, with --wait, prints its summary. */
import type { Command } from 'commander';
import { assertBackfillId } from '../../core/backfill-id';
import { CheckedRequest } from '../../core/checked-request';
import { ExitCode } from '../exit-codes';
import { formatSummary } from '../views/format-summary';
import { addRequestOptions, requestFrom, type RequestOptions } from '../request-options';
import { printable } from '../views/terminal-text';
import { withClient } from '../with-client';

interface BackfillOptions extends RequestOptions {
  id?: string;
  wait: boolean;
}

export function registerBackfillCommand(program: Command): void {
  addRequestOptions(program.command('backfill').alias('start').description('start a backfill of assets over a partition range'))
    .option('--id <backfillId>', 'backfill id (default: generated)')
    .option('--wait', 'wait for the end and print the summary', false)
    .action(async (opts: BackfillOptions) => {
      // Checked before connecting: no server is needed to say what is wrong.
      if (opts.id !== undefined) assertBackfillId(opts.id);
      const request = CheckedRequest.of(requestFrom(opts));
      await withClient(async (client) => {
        const handle = await client.start(request, opts.id);
        console.log(`Started backfill ${printable(handle.backfillId)}`);
        if (!opts.wait) return;
        const summary = await handle.result();
        console.log(formatSummary(summary));
        if (summary.outcome !== 'completed') process.exitCode = ExitCode.PARTIAL;
      });
    });
}
