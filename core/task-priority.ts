/**
 * The Temporal priority of a backfill's work: its priority key, and the
 * backfill as fairness key, so that where the server balances fairness two
 * backfills on one task queue share it rather than one waiting for the other.
 */

/** Temporal's task priority, as its SDKs take it (`Priority` of `@temporalio/common`). */
export interface TaskPriority {
  priorityKey: number;
  fairnessKey: string;
}

/** Temporal's longest fairness key, in bytes. */
const MAX_FAIRNESS_KEY_BYTES = 64;

/**
 * A fairness key for `backfillId`: the id itself when short enough (what
 * most ids are), otherwise its first 40 characters and a hash of the whole,
 * so long ids that share a prefix still get keys of their own.
 */
export function fairnessKeyOf(backfillId: string): string {
  if (utf8Length(backfillId) <= MAX_FAIRNESS_KEY_BYTES) return backfillId;
  // FNV-1a over the UTF-16 code units: deterministic, no I/O (workflow code).
  let hash = 0x811c9dc5;
  for (let i = 0; i < backfillId.length; i++) {
    hash ^= backfillId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  const prefix = [...backfillId.slice(0, 40)].filter((c) => c.charCodeAt(0) < 0x80).join('');
  return `${prefix}~${hash.toString(16).padStart(8, '0')}`;
}

function utf8Length(text: string): number {
  let n = 0;
  for (const c of text) {
    const code = c.codePointAt(0)!;
    n += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return n;
}

/** The priority of a backfill's partitions: `priorityKey` (1 runs first, 5 last), fair among backfills. */
export function taskPriority(priorityKey: number, backfillId: string): TaskPriority {
  return { priorityKey, fairnessKey: fairnessKeyOf(backfillId) };
}
