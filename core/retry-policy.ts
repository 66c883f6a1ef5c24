/** How often, and how patiently, a partition is retried: per asset, plain JSON. */

import { DURATION, type DurationSpec } from './duration';

export { type DurationSpec } from './duration';

/** Retry policy of an asset's partitions; every field has a default. */
export interface RetryPolicySpec {
  /** Wait before the first retry. @default '1 second' */
  initialInterval?: DurationSpec;
  /** Each wait is the previous one times this. @default 2 */
  backoffCoefficient?: number;
  /** Longest wait between attempts. @default '1 minute' */
  maximumInterval?: DurationSpec;
  /** Attempts in all, the first included, before the partition fails. @default 5 */
  maximumAttempts?: number;
}

export const DEFAULT_RETRY_POLICY: Required<RetryPolicySpec> = {
  initialInterval: '1 second',
  backoffCoefficient: 2,
  maximumInterval: '1 minute',
  maximumAttempts: 5,
};

/** The policy with defaults filled in. */
export function resolveRetryPolicy(spec: RetryPolicySpec | undefined): Required<RetryPolicySpec> {
  return { ...DEFAULT_RETRY_POLICY, ...spec };
}

/** Problems with a retry policy, each naming the field. */
export function retryPolicyProblems(spec: RetryPolicySpec | undefined): string[] {
  if (spec === undefined) return [];
  const problems: string[] = [];
  const { maximumAttempts, backoffCoefficient } = spec;
  if (maximumAttempts !== undefined && (!Number.isInteger(maximumAttempts) || maximumAttempts < 1)) {
    problems.push(`retry.maximumAttempts must be a whole number >= 1, got ${maximumAttempts}`);
  }
  if (backoffCoefficient !== undefined && !(backoffCoefficient >= 1)) {
    problems.push(`retry.backoffCoefficient must be >= 1, got ${backoffCoefficient}`);
  }
  for (const field of ['initialInterval', 'maximumInterval'] as const) {
    const value = spec[field];
    const valid = value === undefined || (typeof value === 'number' ? value > 0 : DURATION.test(value.trim()));
    if (!valid) problems.push(`retry.${field} must be milliseconds or text like '5 seconds', got ${JSON.stringify(value)}`);
  }
  return problems;
}

/**
 * The policy of a partition retried alone after it failed in a batch: the
 * batch's attempt counts, so one attempt fewer; undefined when that was its last.
 */
export function retriesLeftAfterBatch(spec: RetryPolicySpec | undefined): Required<RetryPolicySpec> | undefined {
  const policy = resolveRetryPolicy(spec);
  return policy.maximumAttempts > 1 ? { ...policy, maximumAttempts: policy.maximumAttempts - 1 } : undefined;
}
