/** `retrofill console`: serves the web console until SIGINT/SIGTERM. */
import { InvalidArgumentError, type Command } from 'commander';
import { RetrofillClient } from '../../client/retrofill-client';
import { DEFAULT_CONSOLE_PORT, startConsole } from '../../console/server/start-console';
import { positiveInt } from '../options';

interface ConsoleCommandOptions {
  host: string;
  port: number;
  token?: string;
  publicUrl?: string;
  temporalUi?: string;
}

/** Adds `retrofill console` to the program. */
export function registerConsoleCommand(program: Command): void {
  program
    .command('console')
    .description('serve the web console: assets, partitions, backfills; plan, start and steer from the browser')
    .option('--host <address>', 'address to listen on (another than 127.0.0.1 needs --token)', '127.0.0.1')
    .option('--port <n>', 'port to listen on', port, DEFAULT_CONSOLE_PORT)
    .option('--token <token>', 'required from every browser and caller (default: RETROFILL_CONSOLE_TOKEN)')
    .option('--public-url <url>', 'the address people open, when a proxy serves the console under another name', url)
    .option('--temporal-ui <url>', 'the Temporal Web UI, for links to workflows (default: TEMPORAL_UI_URL)', url)
    .action(async (opts: ConsoleCommandOptions) => {
      const client = await RetrofillClient.connect();
      const running = await startConsole({
        client,
        host: opts.host,
        port: opts.port,
        token: opts.token ?? (process.env.RETROFILL_CONSOLE_TOKEN || undefined),
        publicUrl: opts.publicUrl,
        temporalUiUrl: opts.temporalUi ?? (process.env.TEMPORAL_UI_URL || undefined),
      }).catch(async (error: unknown) => {
        await client.close();
        throw error;
      });
      console.log(`Retrofill console: ${running.url}`);
      const signal = await new Promise<NodeJS.Signals>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      console.log(`${signal}: stopping the console...`);
      await running.close();
      await client.close();
    });
}

function port(value: string): number {
  const n = positiveInt(value);
  if (n > 65_535) throw new InvalidArgumentError('a port is at most 65535');
  return n;
}

function url(value: string): string {
  try {
    const parsed = new URL(value);
    if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return value;
  } catch {
    // reported below
  }
  throw new InvalidArgumentError(`expected an http(s) URL, got ${JSON.stringify(value).slice(0, 100)}`);
}
