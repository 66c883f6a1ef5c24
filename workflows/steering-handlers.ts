/** Wires the steering messages of a running backfill: pause, resume, throttle, setConcurrency. */
import { log, setHandler } from '@temporalio/workflow';
import { parseConcurrency } from '../core/concurrency';
import { pauseSignal, resumeSignal, setConcurrencyUpdate, throttleSignal } from '../contract';
import type { BackfillRun } from './backfill-run';
import { validated } from './validated';

export function handleSteering(run: BackfillRun, ceiling: number): void {
  setHandler(pauseSignal, () => void (run.paused = true));
  setHandler(resumeSignal, () => run.resume());
  setHandler(throttleSignal, (value) => {
    try {
      run.maxConcurrency = parseConcurrency(value, ceiling);
    } catch (error) {
      // A signal cannot answer: the update `setConcurrency` is the way to learn of a rejection.
      log.warn(`throttle ignored: ${(error as Error).message}`);
    }
  });
  setHandler(setConcurrencyUpdate, (value) => (run.maxConcurrency = parseConcurrency(value, ceiling)), {
    // A rejected value stays rejected: a non-retryable `InvalidConcurrency` failure, not a plain error the SDK marks retryable.
    validator: (value) => void validated(() => parseConcurrency(value, ceiling)),
  });
}
