/**
 * OpenTelemetry tracing, on when `OTEL_EXPORTER_OTLP_ENDPOINT` (or
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) is set: a tracer provider exporting by
 * OTLP over HTTP, registered globally so Temporal's interceptors (client,
 * workflow, activity) record one trace from the start of a backfill through
 * its workflows and activities. The exporter reads the other standard
 * `OTEL_EXPORTER_OTLP_*` and `OTEL_BSP_*` variables itself.
 */
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

/** A registered tracer provider. */
export interface Tracing {
  resource: Resource;
  spanProcessor: SpanProcessor;
  /** Exports what is pending and stops; call before the process exits. */
  shutdown(): Promise<void>;
}

/** Whether the environment asks for traces. */
export function tracingRequested(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

let installed: Tracing | undefined;

/**
 * Registers the process's tracer provider, named `serviceName` (unless
 * `OTEL_SERVICE_NAME` says otherwise), when the environment asks for traces;
 * undefined otherwise. Once per process: later calls return the first.
 */
export function startTracing(serviceName: string, env: NodeJS.ProcessEnv = process.env): Tracing | undefined {
  if (installed || !tracingRequested(env)) return installed;
  const resource = new Resource({ 'service.name': env.OTEL_SERVICE_NAME || serviceName });
  const spanProcessor = new BatchSpanProcessor(new OTLPTraceExporter());
  const provider = new NodeTracerProvider({ resource, spanProcessors: [spanProcessor] });
  provider.register();
  installed = { resource, spanProcessor, shutdown: () => provider.shutdown() };
  return installed;
}

/** Flushes and stops the provider `startTracing` registered, if any, within `ms`. */
export async function stopTracing(ms = 5_000): Promise<void> {
  const tracing = installed;
  if (!tracing) return;
  installed = undefined;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([tracing.shutdown().catch(() => undefined), new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}
