/** What the terminal shows of a shadow backfill's shadow: phase, checks, publication. Pure, so it is unit-tested. */
import type { CheckOutcome } from '../../core/checks/check-outcome';
import type { AssetPublication } from '../../core/shadow/publication';
import type { ShadowReport } from '../../core/shadow/shadow-report';

const PHASE_WORDS: Record<ShadowReport['phase'], string> = {
  writing: 'writing partitions to the shadow; production untouched',
  checking: 'every partition written; running the checks',
  awaitingPublish: 'checks passed; awaiting publish (retrofill publish <id>)',
  publishing: 'publishing to production in one transaction',
  published: 'published',
  notPublished: 'not published',
};

export function shadowLines(report: ShadowReport): string[] {
  const lines = [`Shadow: ${PHASE_WORDS[report.phase]}${report.reason ? `: ${report.reason}` : ''}`];
  for (const check of report.checks) lines.push(`  ${formatCheckOutcome(check)}`);
  if (report.publication) {
    lines.push(
      ...formatPublication('published', report.publication.assets).split('\n').map((l) => `  ${l}`),
      `  replaced rows kept for rollback until ${report.publication.keepReplacedUntil}`,
    );
  }
  return lines;
}

/**
 * One line per outcome, e.g.
 * `✗ error daily_revenue unique(day, segment): 3 duplicated keys — e.g. {"day":"2023-01-02","segment":"gold","count":2}`.
 */
export function formatCheckOutcome(o: CheckOutcome): string {
  const example = !o.passed && o.failingSample.length > 0 ? ` — e.g. ${JSON.stringify(o.failingSample[0])}` : '';
  return `${o.passed ? '✓' : '✗'} ${o.severity} ${o.asset} ${o.check}: ${o.message}${example}`;
}

/** `published 2 assets, 93 partitions: daily_revenue 90 (270 → 270 rows), ...`. */
export function formatPublication(verb: 'published' | 'rolled back', assets: readonly AssetPublication[]): string {
  const partitions = assets.reduce((n, a) => n + a.partitions, 0);
  const lines = assets.map((a) =>
    verb === 'published'
      ? `  ${a.asset}: ${a.partitions} partitions, ${a.rowsReplaced} rows replaced by ${a.rowsPublished}`
      : `  ${a.asset}: ${a.partitions} partitions, ${a.rowsPublished} rows replaced by the ${a.rowsReplaced} from before`,
  );
  return [`${verb} ${assets.length} asset${assets.length === 1 ? '' : 's'}, ${partitions} partitions`, ...lines].join('\n');
}
