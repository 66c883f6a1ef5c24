/**
 * The console as a Hono app: the page at every path but `/api` (the page
 * routes itself), the JSON API under `/api`, behind the access check.
 */
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { RetrofillClient } from '../../client';
import type { ConsoleConfig } from '../shared/console-types';
import { apiRoutes } from './api-routes';
import { consoleAccess, type AccessOptions } from './console-access';
import { LiveFeed } from './live-feed';
import { readBackfillRows } from './backfill-rows';
import type { PageFiles } from './page-bundle';

export interface ConsoleAppOptions {
  client: RetrofillClient;
  page: PageFiles;
  access: AccessOptions;
  config: ConsoleConfig;
  /** How often the live feed reads the backfills (ms). @default 1000 */
  refreshMs?: number;
}

export function createConsoleApp({ client, page, access, config, refreshMs = 1000 }: ConsoleAppOptions): { app: Hono; feed: LiveFeed } {
  const feed = new LiveFeed(() => readBackfillRows(client), refreshMs);
  const app = new Hono();
  // Scripts, styles and connections from the console itself only; no frames.
  app.use(
    secureHeaders({
      contentSecurityPolicy: { defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'self'"], imgSrc: ["'self'", 'data:'], frameAncestors: ["'none'"] },
    }),
  );
  app.use(consoleAccess(access));
  app.route('/api', apiRoutes(client, feed, config));
  app.all('/api/*', (c) => c.json({ error: { type: 'NotFound', message: `no such API: ${c.req.method} ${c.req.path}` } }, 404));
  app.get('/app.js', (c) => c.body(page.script, 200, { 'content-type': 'text/javascript; charset=utf-8' }));
  app.get('/styles.css', (c) => c.body(page.styles, 200, { 'content-type': 'text/css; charset=utf-8' }));
  app.get('*', (c) => c.html(page.html));
  return { app, feed };
}
