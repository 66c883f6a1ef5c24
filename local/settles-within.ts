/**
 * Waits for `promise` at most `ms`: true when it settled in time (resolved or
 * rejected), false when the time ran out. Shutdown steps use it so that no
 * wait is unbounded; the timer does not keep the process alive.
 */
export function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    timer.unref();
    const done = () => {
      clearTimeout(timer);
      resolve(true);
    };
    promise.then(done, done);
  });
}
