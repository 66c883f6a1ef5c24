/**
 * Activity interceptors of a Retrofill worker: with tracing on, the
 * OpenTelemetry ones (a span per activity, child of the workflow's); always,
 * one that names the backfill, asset and partition an activity works on, on
 * its span and in its log lines (`--log-format json` shows them as fields).
 */
import { trace } from '@opentelemetry/api';
import { OpenTelemetryActivityInboundInterceptor, OpenTelemetryActivityOutboundInterceptor } from '@temporalio/interceptors-opentelemetry';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import { logFields, spanAttributes } from './trace-attributes';

/** Names what each activity works on, on its span (if any) and in its logs. */
export const retrofillActivityInterceptors: ActivityInterceptorsFactory = () => {
  let fields: Record<string, string | number> = {};
  return {
    inbound: {
      async execute(input, next) {
        const attributes = spanAttributes(input.args);
        fields = logFields(attributes);
        trace.getActiveSpan()?.setAttributes(attributes as Record<string, string | number>);
        return next(input);
      },
    },
    outbound: {
      getLogAttributes(input, next) {
        return next({ ...input, ...fields });
      },
    },
  };
};

/** OpenTelemetry's activity interceptors (they use the tracer provider registered by observability/tracing.ts). */
export const openTelemetryActivityInterceptors: ActivityInterceptorsFactory = (ctx) => ({
  inbound: new OpenTelemetryActivityInboundInterceptor(ctx),
  outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
});
