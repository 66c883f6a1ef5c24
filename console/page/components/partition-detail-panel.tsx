/** One partition in full: status and reason, and its newest attempts with links to their backfill and workflow. */
import type { PartitionDetail } from '../../../core/status/partition-detail';
import { formatDuration } from '../../../cli/views/progress-view';
import { config } from '../live';
import { STATUS_STYLE } from '../status-style';
import { TableHead } from './table-head';

export function temporalWorkflowUrl(workflowId: string, runId?: string): string | undefined {
  const c = config.value;
  if (!c?.temporalUiUrl) return undefined;
  return `${c.temporalUiUrl.replace(/\/$/, '')}/namespaces/${encodeURIComponent(c.namespace)}/workflows/${encodeURIComponent(workflowId)}${runId ? `/${encodeURIComponent(runId)}` : ''}`;
}

export function PartitionDetailPanel({ detail }: { detail: PartitionDetail }) {
  return (
    <section class="detail" aria-label={`Partition ${detail.key}`}>
      <h2>
        {detail.asset}/{detail.key}
      </h2>
      <p>
        <span class={`swatch ${STATUS_STYLE[detail.status].className}`} aria-hidden="true" /> <strong data-detail="status">{detail.status}</strong>
        {detail.reason && <span data-detail="reason"> — {detail.reason}</span>}
        <span> · code version now <code>{detail.codeVersion}</code></span>
      </p>
      {detail.attempts.length === 0 ? (
        <p>Never attempted.</p>
      ) : (
        <table>
          <TableHead columns={['Attempt', 'Status', 'Code version', 'Rows', 'Duration', 'Started', 'Backfill', 'Workflow']} />
          <tbody>
            {detail.attempts.map((a) => {
              const url = temporalWorkflowUrl(a.workflowId, a.runId);
              return (
                <tr key={a.ledgerId}>
                  <td class="num">{a.attempt}</td>
                  <td>
                    {a.status}
                    {a.shadowOf && ' (in a shadow)'}
                    {a.error && <div class="t-failed">{a.error}</div>}
                  </td>
                  <td>
                    <code>{a.codeVersion}</code>
                  </td>
                  <td class="num">{a.rows ?? '—'}</td>
                  <td class="num">{a.durationMs === null ? '—' : a.durationMs < 1000 ? `${a.durationMs} ms` : formatDuration(a.durationMs)}</td>
                  <td>{new Date(a.startedAt).toLocaleString()}</td>
                  <td>{a.backfillId ? <a href={`/backfills/${encodeURIComponent(a.backfillId)}`}>{a.backfillId}</a> : '—'}</td>
                  <td>{url ? <a href={url}>{a.workflowId}</a> : <code>{a.workflowId}</code>}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
