/** Where a shadow backfill's shadow stands: in `progress` while it runs, in the summary at the end. */
import type { CheckOutcome } from '../checks/check-outcome';
import type { Publication } from './publication';

export const ShadowPhase = {
  /** Partitions are being written to the shadow. */
  WRITING: 'writing',
  /** Every partition succeeded; the assets' checks run on the shadow. */
  CHECKING: 'checking',
  /** The checks passed; waiting for `publish` (the backfill asked for `publishApproval`). */
  AWAITING_PUBLISH: 'awaitingPublish',
  PUBLISHING: 'publishing',
  /** Production holds the shadow's partitions; the rows they replaced are kept for rollback. */
  PUBLISHED: 'published',
  /** Ended without touching production (see `reason`); the shadow keeps what was written, for inspection. */
  NOT_PUBLISHED: 'notPublished',
} as const;
export type ShadowPhase = (typeof ShadowPhase)[keyof typeof ShadowPhase];

export interface ShadowReport {
  phase: ShadowPhase;
  /** Why it was not published. */
  reason?: string;
  /** Results of the assets' checks, once they ran. */
  checks: CheckOutcome[];
  /** What publish replaced, once published. */
  publication?: Publication;
}
