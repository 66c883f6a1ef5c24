/**
 * A local stand-in for an external API with a rate limit: contacts per day,
 * served in pages. It answers 429 (Retry-After: 1) above its limit and fails a
 * share of requests with 503, and records what it served, so tests can check
 * the peak rate and that every page was fetched successfully once.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CrmApiOptions {
  /** Requests accepted in any sliding second. @default 5 */
  limitPerSecond?: number;
  /** Share of requests failed with 503, drawn from a seeded sequence. @default 0 */
  failureRate?: number;
  pagesPerDay?: number;
  pageSize?: number;
}

export interface CrmApiStats {
  requests: number;
  tooManyRequests: number;
  unavailable: number;
  /** Most requests accepted or refused in any sliding one-second window. */
  peakPerSecond: number;
  /** Successful responses per `day/page`. */
  served: Record<string, number>;
}

export interface CrmContact {
  id: string;
  name: string;
  score: number;
}

/** The contacts of one page: deterministic, so a test can compute what the table must hold. */
export function contactsOf(day: string, page: number, pageSize: number): CrmContact[] {
  return Array.from({ length: pageSize }, (_, i) => ({
    id: `${day}-${page}-${i}`,
    name: `contact ${day} #${(page - 1) * pageSize + i}`,
    score: ((page * 31 + i * 17 + Number(day.slice(-2))) % 97) + 1,
  }));
}

/** A small deterministic generator (mulberry32), so failures repeat run to run. */
function seeded(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function startCrmApi(options: CrmApiOptions = {}): Promise<{ url: string; stats(): CrmApiStats; close(): Promise<void> }> {
  const { limitPerSecond = 5, failureRate = 0, pagesPerDay = 3, pageSize = 20 } = options;
  const random = seeded(42);
  const arrivals: number[] = [];
  const stats: CrmApiStats = { requests: 0, tooManyRequests: 0, unavailable: 0, peakPerSecond: 0, served: {} };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const now = performance.now();
    arrivals.push(now);
    stats.requests++;
    const recent = arrivals.filter((t) => t > now - 1000).length;
    stats.peakPerSecond = Math.max(stats.peakPerSecond, recent);
    const url = new URL(req.url ?? '/', 'http://localhost');
    const day = url.searchParams.get('day') ?? '';
    const page = Number(url.searchParams.get('page'));
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (recent > limitPerSecond) {
      stats.tooManyRequests++;
      return send(429, { error: 'rate limit exceeded' }, { 'retry-after': '1' });
    }
    if (random() < failureRate) {
      stats.unavailable++;
      return send(503, { error: 'temporarily unavailable' });
    }
    if (url.pathname !== '/contacts' || !/^\d{4}-\d{2}-\d{2}$/.test(day) || !(page >= 1 && page <= pagesPerDay)) {
      return send(404, { error: 'no such page' });
    }
    stats.served[`${day}/${page}`] = (stats.served[`${day}/${page}`] ?? 0) + 1;
    send(200, { contacts: contactsOf(day, page, pageSize), nextPage: page < pagesPerDay ? page + 1 : null });
  };

  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stats: () => structuredClone(stats),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
