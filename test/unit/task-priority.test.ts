/** A backfill's Temporal priority: its key, and a fairness key of at most 64 bytes per backfill. */
import { describe, expect, it } from 'vitest';
import { fairnessKeyOf, taskPriority } from '../../core/task-priority';

describe('taskPriority', () => {
  it('keys the backfill by its id when it fits', () => {
    expect(taskPriority(4, 'backfill-1b2c')).toEqual({ priorityKey: 4, fairnessKey: 'backfill-1b2c' });
    expect(fairnessKeyOf('x'.repeat(64))).toBe('x'.repeat(64));
  });

  it('shortens a long id to at most 64 bytes, keeping long ids with one prefix apart', () => {
    const a = fairnessKeyOf(`${'p'.repeat(100)}-a`);
    const b = fairnessKeyOf(`${'p'.repeat(100)}-b`);
    expect(a).not.toBe(b);
    expect(Buffer.byteLength(a)).toBeLessThanOrEqual(64);
    expect(fairnessKeyOf(`${'p'.repeat(100)}-a`)).toBe(a);
    const wide = fairnessKeyOf('é'.repeat(40));
    expect(Buffer.byteLength(wide)).toBeLessThanOrEqual(64);
  });
});
