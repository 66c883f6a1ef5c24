/**
 * The CRM example resumes from its checkpoint: an attempt that finds every
 * page staged (`nextPage: null`, left by an attempt that died before it
 * published) fetches nothing; one without a checkpoint starts at page 1.
 * Before, `null` read as "start over": pages staged twice, and the publish
 * failed on a duplicate key (seen in chaos/flaky-api after a kill).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MaterializeContext } from '../../assets/define-asset';
import { crmContacts } from '../../examples/crm-api/assets';

const urlBefore = process.env.CRM_API_URL;
afterEach(() => {
  vi.unstubAllGlobals();
  if (urlBefore === undefined) delete process.env.CRM_API_URL;
  else process.env.CRM_API_URL = urlBefore;
});

function run(checkpoint: unknown) {
  process.env.CRM_API_URL = 'http://crm.invalid';
  const fetched: string[] = [];
  const staged: unknown[] = [];
  vi.stubGlobal('fetch', (url: string) => {
    fetched.push(url);
    const page = Number(new URL(url).searchParams.get('page'));
    return Promise.resolve(new Response(JSON.stringify({ contacts: [{ id: `c${page}`, name: 'n', score: 1 }], nextPage: page < 2 ? page + 1 : null })));
  });
  const ctx = {
    partitionKey: '2024-01-01',
    checkpoint,
    stage: (_rows: unknown[], next: unknown) => {
      staged.push(next);
      return Promise.resolve();
    },
    rateLimit: async () => {},
    signal: new AbortController().signal,
  };
  return { done: crmContacts.materialize(ctx as unknown as MaterializeContext), fetched, staged };
}

describe('the CRM example resuming from its checkpoint', () => {
  it('fetches nothing when every page is staged already', async () => {
    const { done, fetched, staged } = run({ nextPage: null });
    await done;
    expect(fetched).toEqual([]);
    expect(staged).toEqual([]);
  });

  it('starts at page 1 without a checkpoint, and after page 1 at page 2', async () => {
    const fresh = run(undefined);
    await fresh.done;
    expect(fresh.fetched.map((u) => new URL(u).searchParams.get('page'))).toEqual(['1', '2']);
    expect(fresh.staged).toEqual([{ nextPage: 2 }, { nextPage: null }]);
    const resumed = run({ nextPage: 2 });
    await resumed.done;
    expect(resumed.fetched.map((u) => new URL(u).searchParams.get('page'))).toEqual(['2']);
  });
});
