/**
 * Workflow interceptor (see `WORKFLOW_BUNDLER_OPTIONS`): a start argument the
 * payload converter cannot decode (text that is not JSON, an unknown
 * encoding) would fail every workflow task, retried until someone terminates
 * the workflow. Such an argument is replaced by a marker naming its encoding
 * instead, so the workflow refuses it at once like any other invalid input.
 * Deterministic: the same history always yields the same arguments.
 */
import { decode } from '@temporalio/common/lib/encoding';
import type { temporal } from '@temporalio/proto';
import { defaultPayloadConverter, type WorkflowInterceptorsFactory } from '@temporalio/workflow';

/** The marker's one key: what a caller's JSON is unlikely to hold, and refused like anything else if it does. */
export const UNDECODABLE = '$retrofillUndecodable';

type Payload = temporal.api.common.v1.IPayload;

function decodable(payload: Payload): boolean {
  try {
    defaultPayloadConverter.fromPayload(payload);
    return true;
  } catch {
    return false;
  }
}

/** The payload's declared encoding, as text (it is caller-chosen: shown escaped, never raw). */
function encodingOf(payload: Payload): string {
  const encoding = payload.metadata?.encoding;
  return encoding ? decode(encoding) : '(none)';
}

/** `payloads` with each one that cannot be decoded replaced by `{"$retrofillUndecodable": "<its encoding>"}`. */
export function markUndecodable(payloads: Payload[]): Payload[] {
  return payloads.map((p) => (decodable(p) ? p : defaultPayloadConverter.toPayload({ [UNDECODABLE]: encodingOf(p) })));
}

/** The encoding of an argument that could not be decoded, or undefined for a decoded one. */
export function undecodableEncoding(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || !Object.hasOwn(value, UNDECODABLE)) return undefined;
  return String((value as Record<string, unknown>)[UNDECODABLE]);
}

export const interceptors: WorkflowInterceptorsFactory = () => ({
  internals: [
    {
      activate(input, next) {
        for (const job of input.activation.jobs ?? []) {
          const start = job.initializeWorkflow;
          if (start?.arguments) start.arguments = markUndecodable(start.arguments);
        }
        return next(input);
      },
    },
  ],
});
