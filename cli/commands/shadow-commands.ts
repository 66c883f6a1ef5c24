/** `retrofill publish|diff|discard|rollback <id>`: the shadow of a backfill started with `--isolation shadow`. */
import type { Command } from 'commander';
import { DIFF_LINES_PER_ASSET, formatShadowDiff } from '../views/shadow-diff-view';
import { formatPublication } from '../views/shadow-view';
import { printable, printableJson } from '../views/terminal-text';
import { withClient } from '../with-client';

export function registerShadowCommands(program: Command): void {
  program
    .command('publish <backfillId>')
    .description('publish a shadow backfill waiting for approval, once its checks pass')
    .action((id: string) =>
      withClient(async (c) => {
        await c.publish(id);
        console.log(`Publish requested for ${printable(id)}: it publishes once its checks pass (retrofill status ${printable(id)} shows where it is)`);
      }),
    );

  program
    .command('diff <backfillId>')
    .description('rows added, removed and changed per asset and partition, between production and the shadow, before publish')
    .option('--all', `every differing partition, not only the first ${DIFF_LINES_PER_ASSET} of each asset`, false)
    .option('--json', 'print the diff as JSON', false)
    .action((id: string, opts: { all: boolean; json: boolean }) =>
      withClient(async (c) => {
        const diff = await c.diff(id);
        console.log(opts.json ? printableJson(diff) : formatShadowDiff(diff, opts.all ? 'all' : DIFF_LINES_PER_ASSET));
      }),
    );

  program
    .command('discard <backfillId>')
    .description('drop the shadow tables of a backfill that ended without publishing (production is not touched)')
    .action((id: string) =>
      withClient(async (c) => {
        await c.discard(id);
        console.log(`Discarded the shadow of ${printable(id)}`);
      }),
    );

  program
    .command('rollback <backfillId>')
    .description('restore the production partitions a published shadow backfill replaced, in one transaction')
    .option('--json', 'print the result as JSON', false)
    .action((id: string, opts: { json: boolean }) =>
      withClient(async (c) => {
        const rollback = await c.rollback(id);
        console.log(opts.json ? printableJson(rollback) : `Backfill ${printable(id)} ${formatPublication('rolled back', rollback.assets)}`);
      }),
    );
}
