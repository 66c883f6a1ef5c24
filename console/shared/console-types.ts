/** What the console's server sends its page: shared by both, free of Node and browser types. */
import type { BackfillProgress } from '../../core/run/backfill-progress';

/** What the page needs to know of the deployment. */
export interface ConsoleConfig {
  namespace: string;
  taskQueue: string;
  /** Where the Temporal Web UI is, for links to workflows; absent when unknown. */
  temporalUiUrl?: string;
}

/** One backfill as the console lists it. */
export interface BackfillRow {
  backfillId: string;
  /** Temporal's execution status: `RUNNING`, `COMPLETED`, `FAILED`, `CANCELLED`, `TERMINATED`, ... */
  status: string;
  assets: string[];
  startTime: string;
  closeTime?: string;
  /** Only while it runs. */
  progress?: BackfillProgress;
}

/** What the live feed sends: running backfills first, then the newest. */
export interface BackfillsSnapshot {
  backfills: BackfillRow[];
}
