/** One backfill: state, progress per asset, what runs now, recent failures, canary, shadow, and its actions. */
import { useEffect, useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import { formatDuration } from '../../../cli/views/progress-view';
import { ENDED_STATES, type BackfillProgress } from '../../../core/run/backfill-progress';
import { getJson, seg } from '../api';
import { ProgressBars } from '../components/progress-bars';
import { ShadowSection } from '../components/shadow-section';
import { SteerBar } from '../components/steer-bar';
import { useFetched } from '../components/use-fetched';
import { temporalWorkflowUrl } from '../components/partition-detail-panel';
import { backfills } from '../live';

export function BackfillPage() {
  const id = useRoute().params.id!;
  const fetched = useFetched(() => getJson<BackfillProgress>(`/backfills/${seg(id)}`), [id]);
  const [notice, setNotice] = useState<string | undefined>(undefined);
  // While it runs, the live feed carries its progress; when it ends there, read the final state once.
  const live = backfills.value?.find((b) => b.backfillId === id);
  const status = live?.status;
  useEffect(() => fetched.refresh(), [status]);
  const progress = live?.progress ?? fetched.value;
  const url = temporalWorkflowUrl(id);
  return (
    <section>
      <h1>
        <a href="/backfills">Backfills</a> / {id}
      </h1>
      {fetched.error && !progress && <p class="error">{fetched.error}</p>}
      {progress && (
        <>
          <p>
            <span class={`state state-${progress.state.toLowerCase()}`} data-state={progress.state}>
              {progress.state}
            </span>{' '}
            · concurrency <span data-concurrency>{progress.maxConcurrency}</span> · {formatDuration(progress.elapsedMs)} elapsed · {progress.totals.succeeded}/
            {progress.totals.total} succeeded
            {progress.totals.failed > 0 && `, ${progress.totals.failed} failed`}
            {progress.totals.skipped > 0 && `, ${progress.totals.skipped} skipped`}
            {progress.totals.cancelled > 0 && `, ${progress.totals.cancelled} cancelled`}
            {ENDED_STATES.has(progress.state) && progress.totals.pending > 0 && `, ${progress.totals.pending} not started`}
            {url && (
              <>
                {' '}
                · <a href={url}>in the Temporal UI</a>
              </>
            )}
          </p>
          <SteerBar progress={progress} onDone={(m) => (setNotice(m), fetched.refresh())} />
          {notice && <p role="status">{notice}</p>}
          <ProgressBars progress={progress} />
          {progress.canary && (
            <p>
              Canary: {progress.canary.state}, {progress.canary.done}/{progress.canary.partitions} done, {progress.canary.failed} failed ({progress.canary.perAsset} per asset)
            </p>
          )}
          {progress.running.length > 0 && (
            <>
              <h2>Running now</h2>
              <ul class="running">
                {progress.running.map((r) => (
                  <li key={`${r.asset}/${r.partition}`}>
                    {r.asset}/{r.partition}
                    {r.partitions ? ` (${r.partitions} partitions)` : ''} since {new Date(r.startedAt).toLocaleTimeString()}
                  </li>
                ))}
              </ul>
            </>
          )}
          {progress.recentFailures.length > 0 && (
            <>
              <h2>Recent failures</h2>
              <ul class="failures">
                {progress.recentFailures.map((f) => (
                  <li key={`${f.asset}/${f.partition}/${f.at}`}>
                    <strong>
                      {f.asset}/{f.partition}
                    </strong>
                    : {f.reason}
                  </li>
                ))}
              </ul>
            </>
          )}
          {progress.shadow && <ShadowSection backfillId={id} shadow={progress.shadow} />}
        </>
      )}
      {!progress && !fetched.error && <p>Reading the backfill…</p>}
    </section>
  );
}
