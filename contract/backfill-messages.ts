/**
 * The messages a running backfill answers: shared by the workflow, which
 * handles them, and the client, which sends them. The `temporal` CLI and the
 * Web UI use the same names.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ConcurrencyInput } from '../core/concurrency';
import type { BackfillProgress } from '../core/run/backfill-progress';

/** Running partitions finish; no new partition starts until `resume`. */
export const pauseSignal = defineSignal('pause');
export const resumeSignal = defineSignal('resume');
/** Sets the concurrency for the partitions started next; an invalid value is logged and ignored. */
export const throttleSignal = defineSignal<[ConcurrencyInput]>('throttle');
/** Like `throttle`, but rejects an invalid value with a message and returns the value in force. */
export const setConcurrencyUpdate = defineUpdate<number, [ConcurrencyInput]>('setConcurrency');
/** Shadow isolation: publish once the checks pass (the backfill asked for `publishApproval`). */
export const publishSignal = defineSignal('publish');
export const progressQuery = defineQuery<BackfillProgress>('progress');
