/** The task queue Retrofill's workers poll and its clients start workflows on, unless told otherwise. */
export const DEFAULT_TASK_QUEUE = 'retrofill';
