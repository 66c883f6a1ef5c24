/** One asset's partitions: the grid, live while backfills of it run, and a selected partition in full. */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import { unpackedAssetStatus, type PackedAssetStatus } from '../../../core/status/asset-status';
import type { PartitionDetail } from '../../../core/status/partition-detail';
import { getJson, seg } from '../api';
import { gridModel } from '../components/grid-model';
import { PartitionDetailPanel } from '../components/partition-detail-panel';
import { PartitionGrid } from '../components/partition-grid';
import { partitioningLabel } from '../components/partitioning-label';
import { StatusLegend } from '../components/status-legend';
import { useFetched } from '../components/use-fetched';
import { runningWith } from '../live';

export function AssetPage() {
  const { params } = useRoute();
  const name = params.name!;
  const report = useFetched(() => getJson<PackedAssetStatus>(`/assets/${seg(name)}/partitions`).then(unpackedAssetStatus), [name]);
  const model = useMemo(() => {
    if (!report.value) return undefined;
    // Marks for the browser's performance panel (and the bench): data in, grid laid out.
    performance.mark('retrofill:grid-data');
    const built = gridModel(report.value);
    performance.mark('retrofill:grid-model');
    return built;
  }, [report.value]);
  const [selected, setSelected] = useState<number | undefined>(undefined);
  const detail = useFetched(
    () => (selected === undefined || !report.value ? Promise.resolve(undefined) : getJson<PartitionDetail>(`/assets/${seg(name)}/partitions/${seg(report.value.keys[selected]!)}`)),
    [name, selected],
  );
  // Read again whenever a running backfill of this asset moves (the live feed), and once more after the last ends.
  const running = runningWith(name);
  const moving = running.map((b) => `${b.backfillId}:${JSON.stringify(b.progress?.totals ?? {})}`).join('|');
  useEffect(() => {
    report.refresh();
    if (selected !== undefined) detail.refresh();
  }, [moving]);

  return (
    <section>
      <h1>
        <a href="/">Assets</a> / {name}
      </h1>
      {report.error && <p class="error">{report.error}</p>}
      {report.value && model && (
        <>
          <p>
            {partitioningLabel(report.value.partitions)} · code version <code>{report.value.codeVersion}</code> · {report.value.keys.length} partitions
            {running.length > 0 && (
              <span>
                {' '}
                · backfilled now by{' '}
                {running.map((b) => (
                  <a key={b.backfillId} href={`/backfills/${seg(b.backfillId)}`}>
                    {b.backfillId}{' '}
                  </a>
                ))}
              </span>
            )}
          </p>
          <StatusLegend counts={model.counts} />
          <PartitionGrid model={model} selected={selected} onSelect={setSelected} />
          {detail.value && <PartitionDetailPanel detail={detail.value} />}
          {detail.error && <p class="error">{detail.error}</p>}
        </>
      )}
      {!report.value && !report.error && <p>Reading the ledger…</p>}
    </section>
  );
}
