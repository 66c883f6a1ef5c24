/**
 * The console's JSON API: reads and steering, each one `RetrofillClient`
 * call, so the console has exactly the rights of its Temporal connection.
 * The client checks every argument (ids, asset names, keys, requests) before
 * anything is sent; its typed errors become HTTP statuses (error-response.ts).
 */
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { streamSSE } from 'hono/streaming';
import type { BackfillRequestInput, RetrofillClient } from '../../client';
import type { ConsoleConfig } from '../shared/console-types';
import { errorResponse } from './error-response';
import type { LiveFeed } from './live-feed';

const MAX_BODY_BYTES = 64 * 1024;

/** Runs `call`, answering its result as JSON, or its error as the matching status. */
async function answer(c: Context, call: () => Promise<unknown>): Promise<Response> {
  try {
    const result = await call();
    return c.json(result === undefined ? { ok: true } : result);
  } catch (error) {
    const { status, body } = errorResponse(error);
    return c.json(body, status);
  }
}

/** Answers a body that is not JSON with 400, else what `call(body)` gives. */
async function withBody(c: Context, call: (body: unknown) => Promise<unknown>): Promise<Response> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    return c.json({ error: { type: 'InvalidBody', message: 'the body is not JSON' } }, 400);
  }
  return answer(c, () => call(body));
}

export function apiRoutes(client: RetrofillClient, feed: LiveFeed, config: ConsoleConfig): Hono {
  const api = new Hono();
  api.use(bodyLimit({ maxSize: MAX_BODY_BYTES, onError: (c) => c.json({ error: { type: 'BodyTooLarge', message: `bodies are at most ${MAX_BODY_BYTES} bytes` } }, 413) }));

  api.get('/config', (c) => c.json(config));
  api.get('/assets', (c) => answer(c, () => client.assets()));
  // Packed (time keys left out): the page gives them back, so 100,000 partitions travel in a fraction of the bytes.
  api.get('/assets/:asset/partitions', (c) => answer(c, () => client.packedAssetStatus(c.req.param('asset'))));
  api.get('/assets/:asset/partitions/:key', (c) => answer(c, () => client.partition(c.req.param('asset'), c.req.param('key'))));

  api.get('/backfills/:id', (c) => answer(c, () => client.progress(c.req.param('id'))));
  api.get('/backfills/:id/diff', (c) => answer(c, () => client.diff(c.req.param('id'))));
  api.post('/plan', (c) => withBody(c, (request) => client.plan(request as BackfillRequestInput)));
  api.post('/backfills', (c) => withBody(c, async (request) => ({ backfillId: (await client.start(request as BackfillRequestInput)).backfillId })));

  api.post('/backfills/:id/pause', (c) => answer(c, () => client.pause(c.req.param('id'))));
  // Resuming a canary that awaits approval approves it.
  api.post('/backfills/:id/resume', (c) => answer(c, () => client.resume(c.req.param('id'))));
  api.post('/backfills/:id/cancel', (c) => answer(c, () => client.cancel(c.req.param('id'))));
  api.post('/backfills/:id/publish', (c) => answer(c, () => client.publish(c.req.param('id'))));
  api.post('/backfills/:id/rollback', (c) => answer(c, () => client.rollback(c.req.param('id'))));
  api.post('/backfills/:id/discard', (c) => answer(c, () => client.discard(c.req.param('id'))));
  api.post('/backfills/:id/throttle', (c) =>
    withBody(c, async (body) => ({ maxConcurrency: await client.throttle(c.req.param('id'), (body as { maxConcurrency?: unknown })?.maxConcurrency as number) })),
  );

  // Server-sent events: the backfill list with each running one's progress, whenever it changes.
  api.get('/events', (c) =>
    streamSSE(c, async (stream) => {
      const closed = new Promise<void>((resolve) => stream.onAbort(resolve));
      const stop = feed.listen((event) => void stream.writeSSE({ event: event.name, data: event.data }));
      await closed;
      stop();
    }),
  );
  return api;
}
