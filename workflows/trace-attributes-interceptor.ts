/**
 * Workflow interceptors (bundled only on a worker that traces, after the
 * OpenTelemetry ones, so their workflow span is active): the span of each
 * workflow run says which backfill, asset and partitions it works on, and
 * its log lines carry the same fields.
 */
import { trace } from '@opentelemetry/api';
import { workflowInfo, type WorkflowInterceptorsFactory } from '@temporalio/workflow';
import { logFields, spanAttributes } from '../observability/trace-attributes';
import { WorkflowType } from '../contract';

export const interceptors: WorkflowInterceptorsFactory = () => {
  let fields: Record<string, string | number> = {};
  return {
    inbound: [
      {
        async execute(input, next) {
          const info = workflowInfo();
          // The parent workflow's id is the backfill id; children carry it in their input.
          const attributes = spanAttributes(input.args, info.workflowType === WorkflowType.backfill ? info.workflowId : undefined);
          fields = logFields(attributes);
          trace.getActiveSpan()?.setAttributes(attributes as Record<string, string | number>);
          return next(input);
        },
      },
    ],
    outbound: [
      {
        getLogAttributes(input, next) {
          return next({ ...input, ...fields });
        },
      },
    ],
  };
};
