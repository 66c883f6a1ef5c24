/**
 * How a failed call reaches the page: the client's typed error as an HTTP
 * status and `{error: {type, message}}`, so the page shows what went wrong in
 * the words the CLI uses. Anything else is a 500 with its message.
 */
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { RetrofillError } from '../../core/errors';

const STATUS_OF_TYPE: Record<string, ContentfulStatusCode> = {
  InvalidBackfillRequest: 400,
  InvalidConcurrency: 400,
  InvalidStatusRequest: 400,
  InvalidOptions: 400,
  BackfillNotFound: 404,
  BackfillAlreadyExists: 409,
  BackfillNotRunning: 409,
  BackfillStillRunning: 409,
  ChecksFailed: 409,
  BackfillFailed: 422,
  TemporalConnection: 502,
};

export interface ErrorBody {
  error: { type: string; message: string; failureType?: string };
}

export function errorResponse(error: unknown): { status: ContentfulStatusCode; body: ErrorBody } {
  if (error instanceof RetrofillError) {
    const failureType = (error as { failureType?: unknown }).failureType;
    return {
      status: STATUS_OF_TYPE[error.type] ?? 500,
      body: { error: { type: error.type, message: error.message, ...(typeof failureType === 'string' && { failureType }) } },
    };
  }
  return { status: 500, body: { error: { type: 'Internal', message: error instanceof Error ? error.message : String(error) } } };
}
