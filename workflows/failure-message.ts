/** The innermost message of a Temporal failure chain: what the user's code actually threw. */
export function failureMessage(error: unknown): string {
  let current: unknown = error;
  let message = error instanceof Error ? error.message : String(error);
  while (current instanceof Error) {
    if (current.message) message = current.message;
    current = (current as Error & { cause?: unknown }).cause;
  }
  return message;
}
