/** Every asset: the DAG, and a table of partitioning, code version and counts by status. */
import { useEffect } from 'preact/hooks';
import type { AssetOverview } from '../../../core/status/asset-overview';
import { getJson } from '../api';
import { DagGraph } from '../components/dag-graph';
import { partitioningLabel } from '../components/partitioning-label';
import { StatusLegend } from '../components/status-legend';
import { useFetched } from '../components/use-fetched';
import { backfills } from '../live';
import { TableHead } from '../components/table-head';

export function AssetsPage() {
  const overview = useFetched(() => getJson<AssetOverview>('/assets'), []);
  // Counts change while backfills run: read again as their progress moves.
  const moving = (backfills.value ?? []).filter((b) => b.status === 'RUNNING').map((b) => b.progress?.totals.succeeded ?? 0).join(',');
  useEffect(() => overview.refresh(), [moving]);
  const assets = overview.value?.assets;
  return (
    <section>
      <h1>Assets</h1>
      {overview.error && <p class="error">{overview.error}</p>}
      {!assets && !overview.error && <p>Reading the ledger…</p>}
      {assets && (
        <>
          <DagGraph assets={assets} />
          <StatusLegend />
          <table class="assets">
            <TableHead columns={['Asset', 'Partitioning', 'Code version', 'Missing', 'Materialized', 'Stale', 'Failed', 'Running']} />
            <tbody>
              {assets.map((a) => (
                <tr key={a.name} data-asset={a.name}>
                  <th scope="row">
                    <a href={`/assets/${encodeURIComponent(a.name)}`}>{a.name}</a>
                    {a.dependsOnPast && <span class="tag">in order</span>}
                  </th>
                  <td>{partitioningLabel(a.partitions)}</td>
                  <td>
                    <code>{a.codeVersion}</code>
                  </td>
                  <td class="num" data-count="missing">{a.counts.missing}</td>
                  <td class="num" data-count="materialized">{a.counts.materialized}</td>
                  <td class="num" data-count="stale">{a.counts.stale}</td>
                  <td class="num" data-count="failed">{a.counts.failed}</td>
                  <td class="num" data-count="running">{a.counts.running}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
