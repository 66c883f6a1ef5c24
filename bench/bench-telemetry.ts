/**
 * `npm run bench -- --telemetry`: the bench's workers as a production worker
 * with every signal on: metrics served on a loopback port and scraped every
 * 5 s (as Prometheus would), traces exported by OTLP to a receiver in this
 * process that reads and drops them. The difference from a run without the
 * flag is what observability costs.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RetrofillMetrics } from '../observability/retrofill-metrics';
import { startTracing, stopTracing, type Tracing } from '../observability/tracing';
import { installWorkerRuntime } from '../observability/worker-runtime';
import { freePort } from '../local/free-port';

export interface BenchTelemetry {
  metrics: RetrofillMetrics;
  tracing: Tracing;
  stop(): Promise<void>;
}

const SCRAPE_EVERY_MS = 5_000;

/** Installs the runtime with metrics, registers tracing to a local sink; call before any connection. */
export async function startBenchTelemetry(): Promise<BenchTelemetry> {
  const sink = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
  });
  await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(sink.address() as AddressInfo).port}`;
  const metricsAddress = `127.0.0.1:${await freePort()}`;
  const { metrics } = installWorkerRuntime({ metricsAddress, logLevel: 'ERROR' });
  const tracing = startTracing('retrofill-bench', { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: endpoint })!;
  const scraper = setInterval(() => {
    fetch(`http://${metricsAddress}/metrics`)
      .then((r) => r.text())
      .catch(() => undefined);
  }, SCRAPE_EVERY_MS);
  return {
    metrics,
    tracing,
    async stop() {
      clearInterval(scraper);
      await stopTracing();
      await new Promise<void>((resolve) => sink.close(() => resolve()));
    },
  };
}
