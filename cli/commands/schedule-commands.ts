/** `retrofill schedule create|list|describe|pause|unpause|trigger|delete`: backfills on a Temporal Schedule. */
import { Option, type Command } from 'commander';
import type { BackfillScheduleInfo, BackfillSchedules } from '../../client/backfill-schedules';
import { SELECTION_MODES, type SelectionMode } from '../../core/selection/selection-mode';
import { list, positiveInt } from '../options';
import { printable } from '../views/terminal-text';
import { withClient } from '../with-client';

interface CreateOptions {
  assets: string[];
  every: string;
  lookback?: number;
  mode?: SelectionMode;
  downstream: boolean;
  concurrency?: number;
  priority?: number;
  catchupWindow?: string;
}

const when = (d: Date) => d.toISOString().replace('.000Z', 'Z');

/** A schedule in a few lines: what it runs, how often, its state, its last and next runs. */
function describeLines(s: BackfillScheduleInfo): string[] {
  const r = s.request as { assets?: string[]; lookback?: number; mode?: string; downstream?: boolean };
  const lines = [
    `Schedule ${printable(s.name)}: ${s.paused ? 'paused' : 'active'}${s.note ? ` (${printable(s.note)})` : ''}, ${s.runs} runs` +
      (s.skippedOverlapping > 0 ? `, ${s.skippedOverlapping} firings skipped while a run was going` : ''),
    `  every ${s.everySeconds ?? '?'} s: a ${r.mode ?? 'missing'} backfill of the last ${r.lookback ?? '?'} partitions of ${printable((r.assets ?? []).join(', '))}${r.downstream ? ' and downstream' : ''}`,
  ];
  for (const run of s.recentRuns.slice(-5)) lines.push(`  ran ${when(run.scheduledAt)} (started ${when(run.startedAt)}): ${printable(run.backfillId)}`);
  if (s.nextRuns[0]) lines.push(`  next ${when(s.nextRuns[0])}`);
  return lines;
}

export function registerScheduleCommands(program: Command): void {
  const schedule = program.command('schedule').description('backfills that run on a Temporal Schedule, keeping assets fresh and catching up after downtime');

  schedule
    .command('create <name>')
    .description('create a schedule: every interval, a backfill of the last N complete partitions of each asset')
    .requiredOption('--assets <names>', 'comma-separated asset names', list)
    .requiredOption('--every <interval>', 'how often: a whole number and s, m, h or d (15m, 1h, 1d)')
    .option('--lookback <n>', 'partitions of each asset each run covers, back from the newest complete one (default 10)', positiveInt)
    .addOption(new Option('--mode <mode>', 'which of them run (default missing)').choices(SELECTION_MODES))
    .option('--downstream', 'also backfill every asset downstream of them', false)
    .option('--concurrency <n>', 'partitions running at once', positiveInt)
    .option('--priority <key>', 'Temporal task priority of the partitions, 1 (first) to 5 (last) (default 4)', positiveInt)
    .option('--catchup-window <interval>', 'how late a run missed while the server was down still starts (default 1h)')
    .action((name: string, o: CreateOptions) =>
      withClient(async (c) => {
        const created = await c.schedules.create(name, {
          assets: o.assets,
          every: o.every,
          downstream: o.downstream,
          ...(o.lookback !== undefined && { lookback: o.lookback }),
          ...(o.mode && { mode: o.mode }),
          ...(o.concurrency !== undefined && { maxConcurrency: o.concurrency }),
          ...(o.priority !== undefined && { priority: o.priority }),
          ...(o.catchupWindow !== undefined && { catchupWindow: o.catchupWindow }),
        });
        console.log(describeLines(created).join('\n'));
      }),
    );

  schedule
    .command('list')
    .description("the task queue's backfill schedules")
    .action(() =>
      withClient(async (c) => {
        const all = await c.schedules.list();
        if (all.length === 0) console.log('No backfill schedules.');
        for (const s of all) console.log(describeLines(s).slice(0, 2).join('\n'));
      }),
    );

  schedule
    .command('describe <name>')
    .description('a schedule: what it runs, its recent runs and the next')
    .action((name: string) => withClient(async (c) => console.log(describeLines(await c.schedules.describe(name)).join('\n'))));

  const simple: Array<[string, string, (s: BackfillSchedules, name: string) => Promise<void>, string]> = [
    ['pause', 'start no new run until unpause (a running backfill goes on)', (s, n) => s.pause(n), 'Paused'],
    ['unpause', 'start runs again', (s, n) => s.unpause(n), 'Unpaused'],
    ['trigger', 'start a run now', (s, n) => s.trigger(n), 'Triggered'],
    ['delete', 'delete the schedule (backfills it started go on)', (s, n) => s.delete(n), 'Deleted'],
  ];
  for (const [verb, description, act, done] of simple) {
    schedule
      .command(`${verb} <name>`)
      .description(description)
      .action((name: string) =>
        withClient(async (c) => {
          await act(c.schedules, name);
          console.log(`${done} schedule ${printable(name)}`);
        }),
      );
  }
}
