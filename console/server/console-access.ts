/**
 * Who may use the console. On loopback (the default) only pages served by it
 * (the `Host` header must name it, which stops DNS rebinding); bound to another
 * address, a token: sent once as `?token=` it becomes an HttpOnly,
 * SameSite=Strict cookie, or comes as `Authorization: Bearer <token>`.
 * Every write must be JSON (`Content-Type: application/json`): a page on
 * another site cannot send that without a CORS preflight, which the console
 * never allows, so it cannot steer a backfill from a visitor's browser.
 */
import { timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';

export const TOKEN_COOKIE = 'retrofill_console';

export interface AccessOptions {
  /** Required from every request when set. */
  token?: string;
  /** `Host` header values accepted (lowercase `host:port`); absent: any. */
  allowedHosts?: ReadonlySet<string>;
}

const sameToken = (given: string | undefined, token: string): boolean => {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
};

const SAFE_METHODS = new Set(['GET', 'HEAD']);

export function consoleAccess({ token, allowedHosts }: AccessOptions): MiddlewareHandler {
  return async (c, next) => {
    // The request's URL takes its host from the Host header (@hono/node-server).
    const host = new URL(c.req.url).host.toLowerCase();
    if (allowedHosts && !allowedHosts.has(host)) {
      return c.json({ error: { type: 'Forbidden', message: `unexpected Host ${JSON.stringify(host.slice(0, 100))}: open the console at the address it prints` } }, 403);
    }
    if (token !== undefined) {
      const fromQuery = c.req.query('token');
      if (SAFE_METHODS.has(c.req.method) && fromQuery !== undefined && sameToken(fromQuery, token)) {
        setCookie(c, TOKEN_COOKIE, token, { httpOnly: true, sameSite: 'Strict', path: '/' });
        const url = new URL(c.req.url);
        url.searchParams.delete('token');
        return c.redirect(url.pathname + url.search, 303);
      }
      const bearer = c.req.header('authorization')?.match(/^Bearer (.+)$/)?.[1];
      if (!sameToken(bearer, token) && !sameToken(getCookie(c, TOKEN_COOKIE), token)) {
        return c.json({ error: { type: 'Unauthorized', message: 'this console needs its token: open the address it printed (with ?token=…)' } }, 401);
      }
    }
    if (!SAFE_METHODS.has(c.req.method) && !(c.req.header('content-type') ?? '').startsWith('application/json')) {
      return c.json({ error: { type: 'UnsupportedMediaType', message: 'send JSON (Content-Type: application/json)' } }, 415);
    }
    await next();
  };
}
