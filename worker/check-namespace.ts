/**
 * The worker's namespace must exist before anything else starts: the SDK's
 * `Worker.create` finds out only after it started the workflow threads, and
 * leaves them running when it fails, so a worker with a mistyped namespace
 * printed the error and never exited.
 */
import type { NativeConnection } from '@temporalio/worker';
import { RetrofillError } from '../core/errors';

/** Thrown when the worker's namespace does not exist on the Temporal server it reached. */
export class NamespaceNotFoundError extends RetrofillError {
  override readonly type = 'NamespaceNotFound';
  constructor(
    readonly namespace: string,
    /** Where it was looked for, e.g. `Temporal at localhost:7233`. */
    server: string,
  ) {
    super(
      `namespace ${JSON.stringify(namespace)} not found on ${server}: set TEMPORAL_NAMESPACE to an existing one, ` +
        `or create it (temporal operator namespace create --namespace ${JSON.stringify(namespace)})`,
    );
    this.name = 'NamespaceNotFoundError';
  }
}

/** gRPC's NOT_FOUND. */
const NOT_FOUND = 5;

/**
 * @param server where the connection leads, for the message.
 * @throws NamespaceNotFoundError when `namespace` does not exist; other errors as they are.
 */
export async function checkNamespace(connection: NativeConnection, namespace: string, server = 'the Temporal server'): Promise<void> {
  try {
    await connection.workflowService.describeNamespace({ namespace });
  } catch (error) {
    if ((error as { code?: unknown }).code === NOT_FOUND) throw new NamespaceNotFoundError(namespace, server);
    throw error;
  }
}
