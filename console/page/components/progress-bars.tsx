/** One progress bar per asset of a backfill, with counts, rate and ETA (as `retrofill status` shows them). */
import { assetBar } from '../../../cli/views/progress-view';
import type { BackfillProgress } from '../../../core/run/backfill-progress';

export function ProgressBars({ progress }: { progress: BackfillProgress }) {
  return (
    <table class="bars">
      <tbody>
        {progress.assets.map((counts) => {
          const bar = assetBar(counts, progress.elapsedMs);
          return (
            <tr key={counts.asset}>
              <th scope="row">{counts.asset}</th>
              <td>
                <progress max={bar.total} value={bar.value} aria-label={`${counts.asset}: ${bar.value} of ${bar.total} done`} />
              </td>
              <td class="num">
                {bar.value}/{bar.total}
              </td>
              <td>
                {bar.running > 0 && <span>{bar.running} running </span>}
                {bar.failed > 0 && <span class="t-failed">{bar.failed} failed </span>}
                {bar.skipped > 0 && <span>{bar.skipped} skipped </span>}
              </td>
              <td class="num">{bar.rate}</td>
              <td class="num">ETA {bar.eta}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
