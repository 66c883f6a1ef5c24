import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { consoleAccess, TOKEN_COOKIE } from '../../console/server/console-access';

const TOKEN = 'a-token-of-sixteen-chars';

function app(access: Parameters<typeof consoleAccess>[0]): Hono {
  const a = new Hono();
  a.use(consoleAccess(access));
  a.get('/api/thing', (c) => c.json({ ok: true }));
  a.post('/api/thing', (c) => c.json({ ok: true }));
  a.get('/page', (c) => c.text('page'));
  return a;
}

describe('who may use the console', () => {
  it('on loopback, answers only requests that name it in Host (no DNS rebinding)', async () => {
    const a = app({ allowedHosts: new Set(['127.0.0.1:8234', 'localhost:8234']) });
    expect((await a.request('http://127.0.0.1:8234/api/thing')).status).toBe(200);
    expect((await a.request('http://localhost:8234/api/thing')).status).toBe(200);
    const rebound = await a.request('http://evil.example:8234/api/thing');
    expect(rebound.status).toBe(403);
    expect(((await rebound.json()) as { error: { message: string } }).error.message).toContain('unexpected Host "evil.example:8234"');
  });

  it('with a token, refuses without it, takes it once from ?token= into an HttpOnly SameSite=Strict cookie, or as a bearer', async () => {
    const a = app({ token: TOKEN });
    expect((await a.request('http://h/api/thing')).status).toBe(401);
    expect((await a.request('http://h/api/thing', { headers: { authorization: 'Bearer wrong-token-of-sixteen' } })).status).toBe(401);
    expect((await a.request('http://h/api/thing', { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);

    const opened = await a.request(`http://h/page?token=${TOKEN}&x=1`);
    expect(opened.status).toBe(303);
    expect(opened.headers.get('location')).toBe('/page?x=1');
    const cookie = opened.headers.get('set-cookie')!;
    expect(cookie).toContain(`${TOKEN_COOKIE}=${TOKEN}`);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect((await a.request('http://h/page', { headers: { cookie: `${TOKEN_COOKIE}=${TOKEN}` } })).status).toBe(200);
    expect((await a.request(`http://h/page?token=nope`)).status).toBe(401);
  });

  it('takes writes as JSON only: a form or text/plain post from another site is refused before it acts', async () => {
    const a = app({ allowedHosts: new Set(['127.0.0.1:1']) });
    const post = (type?: string) => a.request('http://127.0.0.1:1/api/thing', { method: 'POST', ...(type && { headers: { 'content-type': type } }), body: '{}' });
    expect((await post('application/x-www-form-urlencoded')).status).toBe(415);
    expect((await post('text/plain')).status).toBe(415);
    expect((await post()).status).toBe(415);
    expect((await post('application/json')).status).toBe(200);
  });
});
