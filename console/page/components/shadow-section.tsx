/** A shadow backfill: its phase, the checks with failing rows, and the diff against production. */
import { useState } from 'preact/hooks';
import type { ShadowReport } from '../../../core/shadow/shadow-report';
import type { ShadowDiff } from '../../../core/shadow/shadow-diff';
import { getJson, seg } from '../api';
import { TableHead } from './table-head';

export function ShadowSection({ backfillId, shadow }: { backfillId: string; shadow: ShadowReport }) {
  const [diff, setDiff] = useState<ShadowDiff | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const canDiff = shadow.phase !== 'published' && shadow.phase !== 'writing';
  return (
    <section aria-label="Shadow">
      <h2>
        Shadow: <span data-shadow-phase={shadow.phase}>{shadow.phase}</span>
      </h2>
      {shadow.reason && <p>{shadow.reason}</p>}
      {shadow.publication && (
        <p>
          Published {new Date(shadow.publication.publishedAt).toLocaleString()} in {shadow.publication.ms} ms; rollback possible until{' '}
          {new Date(shadow.publication.keepReplacedUntil).toLocaleString()}.
        </p>
      )}
      {shadow.checks.length > 0 && (
        <table class="checks">
          <TableHead columns={['Asset', 'Check', 'Result', 'Measured', 'Failing rows']} />
          <tbody>
            {shadow.checks.map((c) => (
              <tr key={`${c.asset}/${c.check}`} data-check={c.check}>
                <td>{c.asset}</td>
                <td>
                  {c.check} <span class="tag">{c.severity}</span>
                </td>
                <td class={c.passed ? 't-ok' : 't-failed'}>{c.passed ? 'passed' : 'failed'}</td>
                <td>{c.message}</td>
                <td>
                  {c.failingCount > 0 && <div>{c.failingCount}</div>}
                  {c.failingSample.length > 0 && <pre>{c.failingSample.map((r) => JSON.stringify(r)).join('\n')}</pre>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canDiff && (
        <p>
          <button type="button" onClick={() => getJson<ShadowDiff>(`/backfills/${seg(backfillId)}/diff`).then(setDiff, (e: Error) => setError(e.message))}>
            Show the diff against production
          </button>
        </p>
      )}
      {error && <p class="error">{error}</p>}
      {diff && (
        <table class="diff">
          <TableHead columns={['Asset', 'Partitions changed', 'Rows before → after', 'Added', 'Removed', 'Changed']} />
          <tbody>
            {diff.assets.map((a) => (
              <tr key={a.asset} data-diff-asset={a.asset}>
                <td>{a.asset}</td>
                <td class="num">
                  {a.changedPartitions}/{a.partitions}
                </td>
                <td class="num">
                  {a.rowsBefore} → {a.rowsAfter}
                </td>
                <td class="num">{a.added}</td>
                <td class="num">{a.removed}</td>
                <td class="num">{a.changed}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
