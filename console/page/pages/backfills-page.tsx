/** Every backfill, running ones first: state, a progress bar per asset, rate and ETA. */
import { formatDuration } from '../../../cli/views/progress-view';
import { ProgressBars } from '../components/progress-bars';
import { backfills } from '../live';

export function BackfillsPage() {
  const rows = backfills.value;
  return (
    <section>
      <h1>Backfills</h1>
      <p>
        <a class="button" href="/plan">
          Plan a backfill
        </a>
      </p>
      {!rows && <p>Reading the backfills…</p>}
      {rows?.length === 0 && <p>No backfills yet.</p>}
      <ul class="backfills">
        {rows?.map((b) => (
          <li key={b.backfillId} data-backfill={b.backfillId}>
            <h2>
              <a href={`/backfills/${encodeURIComponent(b.backfillId)}`}>{b.backfillId}</a>{' '}
              <span class={`state state-${(b.progress?.state ?? b.status).toLowerCase()}`}>{b.progress?.state ?? b.status.toLowerCase()}</span>
            </h2>
            <p>
              {b.assets.join(', ')} · started {new Date(b.startTime).toLocaleString()}
              {b.closeTime && ` · took ${formatDuration(Date.parse(b.closeTime) - Date.parse(b.startTime))}`}
              {b.progress && ` · concurrency ${b.progress.maxConcurrency}`}
            </p>
            {b.progress && <ProgressBars progress={b.progress} />}
          </li>
        ))}
      </ul>
    </section>
  );
}
