/**
 * Retrofill's Temporal contract, in one place: workflow types with their
 * typed arguments and results, the messages a running backfill answers, the
 * search attributes, the default task queue and the workflow ids. The client,
 * the worker, the CLI and the local servers import these from here, never
 * from the workflows; the workflows import them too. Documented for other
 * languages in docs/workflow-contract.md.
 */
export * from './backfill-messages';
export * from './search-attributes';
export { DEFAULT_TASK_QUEUE } from './task-queue';
export * from './workflow-ids';
export * from './workflow-types';
