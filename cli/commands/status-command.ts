/**
 * `retrofill status <id> [--watch] [--json]`: one progress bar per asset, with
 * rates and ETA; `retrofill status --asset X`: the grid of X's partitions.
 */
import { MultiBar, Presets } from 'cli-progress';
import { InvalidArgumentError, type Command } from 'commander';
import type { BackfillHandle } from '../../client/backfill-handle';
import type { BackfillProgress } from '../../core/run/backfill-progress';
import { assetSpan } from '../views/asset-span';
import { renderPartitionGrid } from '../views/partition-grid';
import { withClient } from '../with-client';
import { ENDED_STATES } from '../../core/run/backfill-progress';
import { assetBar, elapsedOf, headerLine } from '../views/progress-view';
import { positiveInt, timeSpec } from '../options';
import { shadowLines } from '../views/shadow-view';
import { printable, printableJson } from '../views/terminal-text';

const BAR_FORMAT = '{asset} |{bar}| {value}/{total} | {running} running, {failed} failed, {skipped} skipped | {rate} | ETA {timeLeft}';
// cli-progress owns {eta} (its own estimate, in seconds): ours is passed as {timeLeft}.

/** Draws the bars once, or redraws them every `intervalMs` until the backfill ends. */
async function render(handle: BackfillHandle, watch: boolean, intervalMs: number): Promise<BackfillProgress> {
  let progress = await handle.progress();
  const width = Math.max(...progress.assets.map((a) => a.asset.length));
  const bars = new MultiBar(
    { format: BAR_FORMAT, stream: process.stdout, hideCursor: true, noTTYOutput: true, notTTYSchedule: intervalMs, stopOnComplete: false, clearOnComplete: false },
    Presets.shades_classic,
  );
  const header = bars.create(1, 0, {}, { format: '{header}' });
  const perAsset = progress.assets.map((a) => bars.create(a.total, 0, { asset: a.asset.padEnd(width) }));
  const draw = (p: BackfillProgress) => {
    const elapsed = elapsedOf(p, Date.now());
    header.update(0, { header: headerLine(p, elapsed) });
    p.assets.forEach((a, i) => {
      const bar = assetBar(a, elapsed);
      perAsset[i]!.update(bar.value, { ...bar, timeLeft: bar.eta, asset: a.asset.padEnd(width) });
    });
  };
  draw(progress);
  while (watch && !ENDED_STATES.has(progress.state)) {
    await new Promise((r) => setTimeout(r, intervalMs));
    progress = await handle.progress();
    draw(progress);
  }
  bars.stop();
  return progress;
}

interface StatusOptions {
  asset?: string;
  from?: string;
  to?: string;
  all: boolean;
  watch: boolean;
  interval: number;
  json: boolean;
}

export function registerStatusCommand(program: Command): void {
  program
    .command('status [backfillId]')
    .description("show where a backfill is (progress bars), or with --asset, every partition's status as a grid")
    .option('--asset <name>', 'show the status of every partition of this asset (missing, materialized, stale, failed)')
    .option('--from <time>', 'with --asset: the first partition drawn (default: the first materialized one)', timeSpec)
    .option('--to <time>', 'with --asset: the last partition drawn, inclusive (default: the last materialized one)', timeSpec)
    .option('--all', 'with --asset: every line of reasons, not only the first 20', false)
    .option('--watch', 'redraw until the backfill ends', false)
    .option('--interval <ms>', 'redraw interval with --watch', positiveInt, 1000)
    .option('--json', 'print the raw progress (or asset status) as JSON', false)
    .action(async (backfillId: string | undefined, opts: StatusOptions) => {
      if (backfillId === undefined && opts.asset === undefined) {
        throw new InvalidArgumentError('status of what? Give a backfill id (retrofill status <backfillId>) or an asset (retrofill status --asset <name>)');
      }
      if (backfillId !== undefined && opts.asset !== undefined) throw new InvalidArgumentError('give a backfill id or --asset <name>, not both');
      await withClient(async (client) => {
        if (opts.asset !== undefined) {
          const status = await client.assetStatus(opts.asset);
          if (opts.json) return console.log(printableJson(status));
          const colour = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
          const { view, notice } = assetSpan(status, { ...(opts.from !== undefined && { from: opts.from }), ...(opts.to !== undefined && { to: opts.to }) });
          if (notice) console.log(notice);
          console.log(renderPartitionGrid(view, { colour, ...(opts.all && { maxReasonLines: Infinity }) }));
          return;
        }
        const handle = client.backfill(backfillId!);
        if (opts.json) {
          console.log(printableJson(await handle.progress()));
          return;
        }
        const progress = await render(handle, opts.watch, opts.interval);
        for (const r of progress.running.slice(0, 10)) {
          const batch = r.partitions === undefined ? '' : ` (a batch of ${r.partitions} partitions, one after the other)`;
          console.log(`  running ${r.asset}/${r.partition}${batch} since ${r.startedAt}`);
        }
        for (const f of progress.recentFailures.slice(-10)) console.log(`  failed  ${f.asset}/${f.partition}: ${printable(f.reason)}`);
        if (progress.shadow) console.log(shadowLines(progress.shadow).join('\n'));
      });
    });
}
