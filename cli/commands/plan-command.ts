/** `retrofill plan`: what a backfill would run and why, without running or writing anything. */
import type { Command } from 'commander';
import { CheckedRequest } from '../../core/checked-request';
import { formatPlan, PLAN_LINES_PER_ASSET } from '../views/plan-view';
import { addRequestOptions, requestFrom, type RequestOptions } from '../request-options';
import { withClient } from '../with-client';

export function registerPlanCommand(program: Command): void {
  addRequestOptions(program.command('plan').description('show which partitions a backfill would run and why (a dry run)'))
    .option('--json', 'print the plan as JSON', false)
    .option('--all', `every line of reasons, not only the first ${PLAN_LINES_PER_ASSET} of each asset`, false)
    .action(async (opts: RequestOptions & { json: boolean; all: boolean }) => {
      // Checked before connecting: no server is needed to say what is wrong.
      const request = CheckedRequest.of(requestFrom(opts));
      await withClient(async (client) => {
        const report = await client.plan(request);
        console.log(opts.json ? JSON.stringify(report, null, 2) : formatPlan(report, opts.all ? 'all' : PLAN_LINES_PER_ASSET));
      });
    });
}
