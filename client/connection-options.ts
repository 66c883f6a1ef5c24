/** Where Temporal is and how to reach it, from options or the environment. */
import { readFileSync } from 'node:fs';
import { DEFAULT_TASK_QUEUE } from '../contract';

/** How to reach a Temporal server: local dev server, self-hosted cluster or Temporal Cloud. */
export interface TemporalConnectionOptions {
  /** `host:port`. @default 'localhost:7233' */
  address: string;
  /** @default 'default' */
  namespace: string;
  /** Task queue of the Retrofill workers. @default 'retrofill' */
  taskQueue: string;
  /** mTLS client certificate and key (PEM), for a hosted Temporal. */
  tls?: { clientCertPair?: { crt: Buffer; key: Buffer } } | boolean;
  /** API key for Temporal Cloud; implies TLS. */
  apiKey?: string;
}

/**
 * Reads `TEMPORAL_ADDRESS`, `TEMPORAL_NAMESPACE`, `RETROFILL_TASK_QUEUE`,
 * `TEMPORAL_API_KEY`, and `TEMPORAL_TLS_CERT` + `TEMPORAL_TLS_KEY` (file paths).
 */
export function temporalOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): TemporalConnectionOptions {
  const options: TemporalConnectionOptions = {
    address: env.TEMPORAL_ADDRESS || 'localhost:7233',
    namespace: env.TEMPORAL_NAMESPACE || 'default',
    taskQueue: env.RETROFILL_TASK_QUEUE || DEFAULT_TASK_QUEUE,
  };
  if (env.TEMPORAL_TLS_CERT && env.TEMPORAL_TLS_KEY) {
    options.tls = { clientCertPair: { crt: readFileSync(env.TEMPORAL_TLS_CERT), key: readFileSync(env.TEMPORAL_TLS_KEY) } };
  }
  if (env.TEMPORAL_API_KEY) {
    options.apiKey = env.TEMPORAL_API_KEY;
    options.tls ??= true;
  }
  return options;
}

/** The subset both `Connection.connect` and `NativeConnection.connect` accept. */
export function connectArgs(o: TemporalConnectionOptions): { address: string; tls?: TemporalConnectionOptions['tls']; apiKey?: string } {
  return { address: o.address, ...(o.tls ? { tls: o.tls } : {}), ...(o.apiKey ? { apiKey: o.apiKey } : {}) };
}
