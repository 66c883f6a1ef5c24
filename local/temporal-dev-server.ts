/** Starts the `temporal server start-dev` process with Retrofill's search attributes registered. */
import { spawn, type ChildProcess } from 'node:child_process';
import { Connection } from '@temporalio/client';
import { RETROFILL_SEARCH_ATTRIBUTES } from '../contract';
import { DEV_SERVER_DYNAMIC_CONFIG, dynamicConfigArgs } from './dev-server-tuning';
import { freePort } from './free-port';
import { startDownloadedDevServer } from './downloaded-dev-server';
import { ensureTemporalCli, findGo, findTemporalCli } from './temporal-cli';

export interface DevServerOptions {
  /** gRPC port. @default a free port */
  port?: number;
  /** Web UI port; `false` runs headless. @default a free port */
  uiPort?: number | false;
  /** SQLite file that keeps state across restarts. @default in memory */
  dbFilename?: string;
  /** Dynamic config values (key to JSON value). @default {@link DEV_SERVER_DYNAMIC_CONFIG} */
  dynamicConfig?: Readonly<Record<string, unknown>>;
  /** Receives the server's own log lines. @default ignored */
  onLog?: (line: string) => void;
}

export interface DevServer {
  /** `host:port` for `TEMPORAL_ADDRESS`. */
  address: string;
  /** Web UI address, when not headless. */
  uiUrl?: string;
  /** The server process, when started from the local CLI. */
  process?: ChildProcess;
  stop(): Promise<void>;
}

/** Registration flag value per search attribute type (the CLI's spelling). */
const CLI_TYPE: Record<string, string> = { KEYWORD: 'Keyword', KEYWORD_LIST: 'KeywordList' };

/**
 * Starts the dev server from the local `temporal` CLI (built with Go when
 * missing); on a machine with neither, `@temporalio/testing` downloads it.
 */
export async function startTemporalDevServer(options: DevServerOptions = {}): Promise<DevServer> {
  if (!findTemporalCli() && !findGo()) return startDownloadedDevServer(options);
  const cli = ensureTemporalCli();
  const port = options.port ?? (await freePort());
  const uiPort = options.uiPort === false ? undefined : (options.uiPort ?? (await freePort()));
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--log-level', 'error'];
  if (uiPort === undefined) args.push('--headless');
  else args.push('--ui-port', String(uiPort));
  if (options.dbFilename) args.push('--db-filename', options.dbFilename);
  for (const key of RETROFILL_SEARCH_ATTRIBUTES) args.push('--search-attribute', `${key.name}=${CLI_TYPE[key.type]}`);
  args.push(...dynamicConfigArgs(options.dynamicConfig ?? DEV_SERVER_DYNAMIC_CONFIG));

  const child = spawn(cli, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const log = options.onLog ?? (() => undefined);
  child.stdout.on('data', (d: Buffer) => log(d.toString()));
  child.stderr.on('data', (d: Buffer) => log(d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const address = `127.0.0.1:${port}`;
  await waitUntilServing(address, child);
  return {
    address,
    uiUrl: uiPort === undefined ? undefined : `http://127.0.0.1:${uiPort}`,
    process: child,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

async function waitUntilServing(address: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`temporal dev server exited with code ${child.exitCode}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1_000 });
      try {
        await connection.workflowService.getSystemInfo({});
        return;
      } finally {
        await connection.close();
      }
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`temporal dev server did not answer on ${address}: ${String(error)}`, { cause: error });
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}
