/** The options that describe a backfill request, shared by `backfill` and `plan`. */
import { Option, type Command } from 'commander';
import { ISOLATIONS, type BackfillRequestInput, type Isolation } from '../core/backfill-request';
import { SELECTION_MODES, type SelectionMode } from '../core/selection/selection-mode';
import { list, positiveInt } from './options';

export interface RequestOptions {
  assets: string[];
  from?: string;
  to?: string;
  partitions?: string[];
  downstream: boolean;
  concurrency?: number;
  mode?: SelectionMode;
  canary?: number;
  canaryApproval: boolean;
  newestFirst: boolean;
  isolation?: Isolation;
  publishApproval: boolean;
  keepReplacedDays?: number;
  priority?: number;
}

export function addRequestOptions(command: Command): Command {
  return command
    .requiredOption('--assets <names>', 'comma-separated asset names', list)
    .option('--from <time>', 'first partition, inclusive (e.g. 2024-01-01)')
    .option('--to <time>', 'last partition, inclusive (e.g. 2024-03-31)')
    .option('--partitions <keys>', 'comma-separated partition keys instead of a range', list)
    .option('--downstream', 'also backfill every asset downstream of them', false)
    .addOption(
      new Option('--mode <mode>', 'which partitions run: missing, stale (missing, stale or failed), failed, or all (force)').choices(
        SELECTION_MODES,
      ),
    )
    .option('--concurrency <n>', 'partitions running at once', positiveInt)
    .option('--canary <n>', 'run n partitions of each asset first, spread across the range', positiveInt)
    .option('--canary-approval', 'after the canary, pause until resume', false)
    .option('--newest-first', 'newest partitions first (not for assets that depend on their past)', false)
    .addOption(
      new Option('--isolation <isolation>', 'shadow: write to shadow tables, run the checks, then publish everything in one transaction').choices(
        ISOLATIONS,
      ),
    )
    .option('--publish-approval', "with --isolation shadow: once the checks pass, wait for 'retrofill publish'", false)
    .option('--keep-replaced-days <n>', 'with --isolation shadow: days the replaced rows are kept for rollback (default 7)', positiveInt)
    .option('--priority <key>', 'Temporal task priority of its partitions, 1 (first) to 5 (last); other work runs at 3 (default 4)', positiveInt);
}

export function requestFrom(opts: RequestOptions): BackfillRequestInput {
  return {
    assets: opts.assets,
    downstream: opts.downstream,
    ...(opts.from !== undefined && { from: opts.from }),
    ...(opts.to !== undefined && { to: opts.to }),
    ...(opts.partitions && { partitions: opts.partitions }),
    ...(opts.concurrency && { maxConcurrency: opts.concurrency }),
    ...(opts.mode && { mode: opts.mode }),
    ...(opts.canary !== undefined && { canary: opts.canary }),
    ...(opts.canaryApproval && { canaryApproval: true }),
    ...(opts.newestFirst && { newestFirst: true }),
    ...(opts.isolation && { isolation: opts.isolation }),
    ...(opts.publishApproval && { publishApproval: true }),
    ...(opts.keepReplacedDays !== undefined && { keepReplacedDays: opts.keepReplacedDays }),
    ...(opts.priority !== undefined && { priority: opts.priority }),
  };
}
