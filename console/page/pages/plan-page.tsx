/**
 * Plan, then start: the request's fields as a form; Plan shows what would run
 * and why (per asset, the reasons, order, longest chain, estimate); Start
 * starts exactly that request and opens the backfill.
 */
import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import type { BackfillRequestInput } from '../../../core/backfill-request';
import type { BackfillPlanReport } from '../../../core/plan/plan-report';
import type { AssetOverview } from '../../../core/status/asset-overview';
import { getJson, postJson, seg } from '../api';
import { useFetched } from '../components/use-fetched';
import { TableHead } from '../components/table-head';

interface FormState {
  assets: string[];
  from: string;
  to: string;
  mode: 'missing' | 'stale' | 'failed' | 'all';
  downstream: boolean;
  maxConcurrency: string;
  canary: string;
  isolation: 'none' | 'shadow';
  publishApproval: boolean;
}

const INITIAL: FormState = { assets: [], from: '', to: '', mode: 'stale', downstream: true, maxConcurrency: '8', canary: '', isolation: 'none', publishApproval: false };

/** The request the form describes: what both Plan and Start send. */
function requestOf(f: FormState): BackfillRequestInput {
  return {
    assets: f.assets,
    ...(f.from && { from: f.from }),
    ...(f.to && { to: f.to }),
    mode: f.mode,
    downstream: f.downstream,
    maxConcurrency: Number(f.maxConcurrency),
    ...(f.canary && { canary: Number(f.canary) }),
    ...(f.isolation === 'shadow' && { isolation: 'shadow' as const, publishApproval: f.publishApproval }),
  } as BackfillRequestInput;
}

export function PlanPage() {
  const overview = useFetched(() => getJson<AssetOverview>('/assets'), []);
  const [form, setForm] = useState<FormState>(INITIAL);
  const [plan, setPlan] = useState<{ report: BackfillPlanReport; request: string } | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const { route } = useLocation();
  const set = <K extends keyof FormState>(k: K, v: FormState[K]) => setForm((f) => ({ ...f, [k]: v }));
  const request = requestOf(form);
  const planned = plan && plan.request === JSON.stringify(request);

  const doPlan = () => {
    setBusy(true);
    postJson<BackfillPlanReport>('/plan', request).then(
      (report) => (setPlan({ report, request: JSON.stringify(request) }), setError(undefined), setBusy(false)),
      (e: Error) => (setError(e.message), setPlan(undefined), setBusy(false)),
    );
  };
  const doStart = () => {
    setBusy(true);
    postJson<{ backfillId: string }>('/backfills', request).then(
      ({ backfillId }) => route(`/backfills/${seg(backfillId)}`),
      (e: Error) => (setError(e.message), setBusy(false)),
    );
  };

  return (
    <section>
      <h1>Plan a backfill</h1>
      <form
        class="plan-form"
        onSubmit={(e) => {
          e.preventDefault();
          doPlan();
        }}
      >
        <fieldset>
          <legend>Assets</legend>
          {overview.value?.assets.map((a) => (
            <label key={a.name} class="check">
              <input
                type="checkbox"
                name="asset"
                value={a.name}
                checked={form.assets.includes(a.name)}
                onChange={(e) => set('assets', (e.target as HTMLInputElement).checked ? [...form.assets, a.name] : form.assets.filter((x) => x !== a.name))}
              />
              {a.name}
            </label>
          ))}
          {overview.error && <p class="error">{overview.error}</p>}
        </fieldset>
        <label>
          From <input name="from" type="text" placeholder="2024-01-01" value={form.from} onInput={(e) => set('from', (e.target as HTMLInputElement).value)} />
        </label>
        <label>
          To <input name="to" type="text" placeholder="2024-01-31" value={form.to} onInput={(e) => set('to', (e.target as HTMLInputElement).value)} />
        </label>
        <label>
          Mode{' '}
          <select name="mode" value={form.mode} onChange={(e) => set('mode', (e.target as HTMLSelectElement).value as FormState['mode'])}>
            <option value="stale">stale: missing, stale and failed</option>
            <option value="missing">missing only</option>
            <option value="failed">failed only</option>
            <option value="all">all: every partition again</option>
          </select>
        </label>
        <label class="check">
          <input name="downstream" type="checkbox" checked={form.downstream} onChange={(e) => set('downstream', (e.target as HTMLInputElement).checked)} /> with downstream assets
        </label>
        <label>
          Concurrency <input name="maxConcurrency" type="number" min={1} max={500} value={form.maxConcurrency} onInput={(e) => set('maxConcurrency', (e.target as HTMLInputElement).value)} />
        </label>
        <label>
          Canary (partitions per asset first){' '}
          <input name="canary" type="number" min={1} value={form.canary} onInput={(e) => set('canary', (e.target as HTMLInputElement).value)} />
        </label>
        <label>
          Isolation{' '}
          <select name="isolation" value={form.isolation} onChange={(e) => set('isolation', (e.target as HTMLSelectElement).value as FormState['isolation'])}>
            <option value="none">none: write production directly</option>
            <option value="shadow">shadow: check, then publish at once</option>
          </select>
        </label>
        {form.isolation === 'shadow' && (
          <label class="check">
            <input name="publishApproval" type="checkbox" checked={form.publishApproval} onChange={(e) => set('publishApproval', (e.target as HTMLInputElement).checked)} /> wait for my
            approval to publish
          </label>
        )}
        <p>
          <button type="submit" disabled={busy || form.assets.length === 0}>
            Plan
          </button>{' '}
          <button type="button" class="primary" disabled={busy || !planned || plan.report.total === 0} onClick={doStart}>
            Start
          </button>
        </p>
      </form>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {plan && <PlanReport report={plan.report} stale={!planned} />}
    </section>
  );
}

function PlanReport({ report, stale }: { report: BackfillPlanReport; stale: boolean }) {
  const e = report.estimate;
  return (
    <section class={stale ? 'plan stale-plan' : 'plan'} aria-label="The plan">
      <h2>
        {report.total} of {report.targeted} partitions would run ({report.mode})
      </h2>
      {stale && <p>The form changed since this plan: plan again before starting.</p>}
      <p>
        Order: {report.order} · concurrency {report.maxConcurrency} · longest chain {report.longestChain} · estimated{' '}
        {e.ms === null ? `unknown (${e.basis})` : `${(e.ms / 1000).toFixed(1)} s (${e.basis})`}
        {report.canary && ` · canary of ${report.canary.perAsset} a asset${report.canary.approval ? ', then waits for approval' : ''}`}
      </p>
      {report.firstPartitions.length > 0 && <p>First to start: {report.firstPartitions.join(', ')}</p>}
      <table>
        <TableHead columns={['Asset', 'Runs', 'Would run', 'Why']} />
        <tbody>
          {report.assets.map((a) => (
            <tr key={a.asset} data-plan-asset={a.asset}>
              <th scope="row">{a.asset}</th>
              <td>{a.runs}</td>
              <td class="num">
                {a.selected}/{a.targeted}
              </td>
              <td>
                <ul>
                  {a.reasons.map((r) => (
                    <li key={`${r.from}/${r.reason}`}>
                      {r.from === r.to ? r.from : `${r.from} … ${r.to}`} ({r.count}): {r.reason}
                    </li>
                  ))}
                  {a.unlisted > 0 && <li>… and {a.unlisted} more</li>}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
