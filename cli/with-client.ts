/** Runs a command body with a connected client, closing it afterwards. */
import { RetrofillClient } from '../client/retrofill-client';
import { startTracing, stopTracing } from '../observability/tracing';

/**
 * Connection and task queue come from the environment (the global --task-queue sets it).
 * With `OTEL_EXPORTER_OTLP_ENDPOINT` set, the command's calls start traces
 * (a backfill's trace begins here), exported before the command returns.
 */
export async function withClient<T>(body: (client: RetrofillClient) => Promise<T>): Promise<T> {
  startTracing('retrofill-cli');
  try {
    const client = await RetrofillClient.connect();
    try {
      return await body(client);
    } finally {
      await client.close();
    }
  } finally {
    await stopTracing();
  }
}
