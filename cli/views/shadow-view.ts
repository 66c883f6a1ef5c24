/** What the terminal shows of a shadow backfill's shadow: phase, checks, publication. Pure, so it is unit-tested. */
import { formatCheckOutcome } from '../../core/checks/check-outcome';
import { formatPublication } from '../../core/shadow/publication';
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
