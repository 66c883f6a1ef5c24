/**
 * The actions a backfill allows in its state: pause, resume (which approves
 * an awaited canary), throttle, cancel, publish, rollback, discard. Cancel,
 * publish, rollback and discard ask first.
 */
import { useState } from 'preact/hooks';
import type { BackfillProgress } from '../../../core/run/backfill-progress';
import { postJson, seg } from '../api';
import { ConfirmButton } from './confirm-button';

const ENDED = new Set(['completed', 'failed', 'checksFailed', 'cancelled']);

export function SteerBar({ progress, onDone }: { progress: BackfillProgress; onDone: (message: string) => void }) {
  const id = progress.backfillId;
  const [concurrency, setConcurrency] = useState(String(progress.maxConcurrency));
  const [error, setError] = useState<string | undefined>(undefined);
  const act = (label: string, path: string, body?: unknown) => () =>
    postJson<{ maxConcurrency?: number }>(`/backfills/${seg(id)}/${path}`, body).then(
      (r) => (setError(undefined), onDone(r.maxConcurrency ? `${label}: ${r.maxConcurrency}` : `${label}: done`)),
      (e: Error) => setError(`${label}: ${e.message}`),
    );
  const ended = ENDED.has(progress.state);
  const phase = progress.shadow?.phase;
  const awaitingCanary = progress.canary?.state === 'awaitingApproval';
  return (
    <div class="steer" role="group" aria-label="Steer this backfill">
      {!ended && progress.state !== 'paused' && !awaitingCanary && <ConfirmButton label="Pause" onConfirm={act('Pause', 'pause')} />}
      {!ended && progress.state === 'paused' && !awaitingCanary && <ConfirmButton label="Resume" onConfirm={act('Resume', 'resume')} />}
      {!ended && awaitingCanary && <ConfirmButton label="Approve canary" onConfirm={act('Approve canary', 'resume')} />}
      {!ended && (
        <form
          class="throttle"
          onSubmit={(e) => {
            e.preventDefault();
            void act('Throttle', 'throttle', { maxConcurrency: Number(concurrency) })();
          }}
        >
          <label>
            Concurrency <input type="number" min={1} max={500} value={concurrency} onInput={(e) => setConcurrency((e.target as HTMLInputElement).value)} />
          </label>
          <button type="submit">Throttle</button>
        </form>
      )}
      {phase === 'awaitingPublish' && (
        <ConfirmButton label="Publish" danger confirm={`Replace production's partitions with this backfill's shadow, in one transaction? The replaced rows are kept for rollback.`} onConfirm={act('Publish', 'publish')} />
      )}
      {!ended && <ConfirmButton label="Cancel" danger confirm={`Cancel backfill ${id}? Running partitions stop; what succeeded stays.`} onConfirm={act('Cancel', 'cancel')} />}
      {ended && phase === 'published' && (
        <ConfirmButton label="Rollback" danger confirm={`Restore the production partitions this backfill's publish replaced, in one transaction?`} onConfirm={act('Rollback', 'rollback')} />
      )}
      {ended && phase === 'notPublished' && (
        <ConfirmButton label="Discard shadow" danger confirm={`Drop this backfill's shadow tables? Production is not touched.`} onConfirm={act('Discard', 'discard')} />
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
