/**
 * SIGINT and SIGTERM as a promise, for commands that shut down in their own
 * order: while the listeners are installed, a signal no longer kills the
 * process, and a second one during the shutdown only says it is under way.
 */
export interface StopSignals {
  /** Settles with the first SIGINT or SIGTERM. */
  received: Promise<NodeJS.Signals>;
  /** True once a signal came. */
  readonly requested: boolean;
  /** Removes the listeners: signals act as usual again. */
  dispose(): void;
}

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

/** Listens for SIGINT and SIGTERM until `dispose()`; `onRepeat` hears the signals after the first. */
export function listenForStopSignals(onRepeat: (signal: NodeJS.Signals) => void): StopSignals {
  let first: NodeJS.Signals | undefined;
  let resolve!: (signal: NodeJS.Signals) => void;
  const received = new Promise<NodeJS.Signals>((r) => (resolve = r));
  const listener = (signal: NodeJS.Signals) => {
    if (first) return onRepeat(signal);
    first = signal;
    resolve(signal);
  };
  for (const signal of SIGNALS) process.on(signal, listener);
  return {
    received,
    get requested() {
      return first !== undefined;
    },
    dispose: () => SIGNALS.forEach((signal) => process.removeListener(signal, listener)),
  };
}
