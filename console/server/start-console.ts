/**
 * Starts the console's HTTP server: `retrofill console`, `retrofill dev`, the
 * bench and the tests all come through here.
 */
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { RetrofillClient } from '../../client';
import type { ConsoleConfig } from '../shared/console-types';
import { createConsoleApp } from './create-console-app';
import { buildPage } from './page-bundle';

export interface ConsoleOptions {
  client: RetrofillClient;
  /** @default 127.0.0.1 */
  host?: string;
  /** 0: a free port. @default 8234 */
  port?: number;
  /** Required when `host` is not a loopback address. */
  token?: string;
  /** The address people open when a proxy serves the console under another name: its host is accepted. */
  publicUrl?: string;
  temporalUiUrl?: string;
  /** How often running backfills are read for the live feed (ms). @default 1000 */
  refreshMs?: number;
}

export interface RunningConsole {
  /** Where to open it (with `?token=` when it has one). */
  url: string;
  port: number;
  close(): Promise<void>;
}

export const DEFAULT_CONSOLE_PORT = 8234;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/** Thrown when the console cannot start as asked (e.g. a public address without a token). */
export class ConsoleOptionsError extends Error {
  override readonly name = 'ConsoleOptionsError';
}

export async function startConsole(options: ConsoleOptions): Promise<RunningConsole> {
  const host = options.host ?? '127.0.0.1';
  const loopback = LOOPBACK.has(host);
  if (!loopback && !options.token) {
    throw new ConsoleOptionsError(
      `the console on ${host} would let anyone who reaches it steer backfills: give it a token (--token or RETROFILL_CONSOLE_TOKEN), or keep it on 127.0.0.1 behind your own proxy`,
    );
  }
  if (options.token !== undefined && options.token.length < 16) throw new ConsoleOptionsError('the console token must be at least 16 characters');
  const page = await buildPage();
  const config: ConsoleConfig = {
    namespace: options.client.options.namespace,
    taskQueue: options.client.options.taskQueue,
    ...(options.temporalUiUrl && { temporalUiUrl: options.temporalUiUrl }),
  };
  // On loopback, the Host header must name this server (no DNS rebinding); with a token, the token decides.
  const allowedHosts = options.token ? undefined : new Set<string>();
  const { app, feed } = createConsoleApp({ client: options.client, page, access: { token: options.token, allowedHosts }, config, refreshMs: options.refreshMs });
  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, hostname: host, port: options.port ?? DEFAULT_CONSOLE_PORT }, () => resolve(s));
    s.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  for (const name of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]) allowedHosts?.add(name);
  if (options.publicUrl) allowedHosts?.add(new URL(options.publicUrl).host.toLowerCase());
  const shown = host === '::1' ? '[::1]' : host === '0.0.0.0' ? '127.0.0.1' : host;
  return {
    url: `http://${shown}:${port}/${options.token ? `?token=${encodeURIComponent(options.token)}` : ''}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        feed.stop();
        server.close(() => resolve());
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}
