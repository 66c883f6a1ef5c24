import { describe, expect, it } from 'vitest';
import type { BackfillContinuation } from '../../workflows/carried-state';
import { continuationProblems } from '../../workflows/continuation-shape';

/** What a backfill of 3 days of raw_events hands its next run after 2 succeeded. */
const LEGIT: BackfillContinuation = {
  assets: [
    { name: 'raw_events', partitions: { kind: 'time', granularity: 'daily', start: '2023-01-01' }, deps: [], dependsOnPast: false, codeVersion: '1' },
    {
      name: 'daily_revenue',
      partitions: { kind: 'time', granularity: 'daily', start: '2023-01-01' },
      deps: ['raw_events'],
      mappings: { raw_events: { kind: 'identity' } },
      dependsOnPast: false,
      codeVersion: '2',
      retry: { maximumAttempts: 2, initialInterval: '1 second' },
      backfillPolicy: { kind: 'singleRun', maxPartitionsPerRun: 3 },
    },
  ],
  limits: { maxPartitions: 100_000, continueAsNewAfterEvents: 400 },
  nowMs: Date.UTC(2026, 11, 3, 12),
  selection: {
    mode: 'stale',
    assets: [{ asset: 'raw_events', targeted: 3, selected: 3, byStatus: { missing: 3, materialized: 0, stale: 0, failed: 0 }, selectedRuns: [[0, 3]], reasons: [], unlisted: 0 }],
  },
  run: {
    scheduler: { states: 'ssp', rowsByAsset: { raw_events: 400 }, reasons: [] },
    paused: false,
    maxConcurrency: 8,
    failures: [],
    continuedAsNew: 1,
    largestHistory: 412,
    startedAt: '2026-12-03T12:00:00.000Z',
  },
  fromRunId: '0193a8f2-1c7e-7b51-9d1e-6f0c2b8a4e11',
};

const without = (key: keyof BackfillContinuation) => Object.fromEntries(Object.entries(LEGIT).filter(([k]) => k !== key));

describe('continuationProblems', () => {
  it('accepts what a run writes, and state written before the checks (no fromRunId, no selection)', () => {
    expect(continuationProblems(LEGIT)).toEqual([]);
    expect(continuationProblems(without('fromRunId'))).toEqual([]);
    expect(continuationProblems(without('selection'))).toEqual([]);
    expect(continuationProblems({ ...LEGIT, publishRequested: true, run: { ...LEGIT.run, canary: { state: 'passed', perAsset: 1, partitions: 1, done: 1, failed: 0 } } })).toEqual([]);
  });

  it.each([
    ['not an object', 5, /^continuation: Invalid input: expected object, received number$/],
    ['an empty object', {}, /^assets: Invalid input: expected array, received undefined$/],
    ['no run (the workflow read run.maxConcurrency of undefined)', without('run'), /^run: Invalid input: expected object, received undefined$/],
    ['a run without maxConcurrency', { ...LEGIT, run: { ...LEGIT.run, maxConcurrency: undefined } }, /^run\.maxConcurrency: Invalid input: expected number/],
    ['maxConcurrency 0', { ...LEGIT, run: { ...LEGIT.run, maxConcurrency: 0 } }, /^run\.maxConcurrency: Too small/],
    ['scheduler states that are not letters of states', { ...LEGIT, run: { ...LEGIT.run, scheduler: { ...LEGIT.run.scheduler, states: 'sx' } } }, /^run\.scheduler\.states: expected one letter/],
    ['a startedAt that is not a time', { ...LEGIT, run: { ...LEGIT.run, startedAt: 'yesterday' } }, /^run\.startedAt: expected an ISO 8601 time$/],
    ['no assets', { ...LEGIT, assets: [] }, /^assets: Too small/],
    ['limits as a string', { ...LEGIT, limits: 'none' }, /^limits: Invalid input: expected object, received string$/],
    ['nowMs NaN-like', { ...LEGIT, nowMs: 'now' }, /^nowMs: Invalid input: expected number, received string$/],
    ['an unknown selection mode', { ...LEGIT, selection: { ...LEGIT.selection!, mode: 'everything' } }, /^selection\.mode: Invalid option/],
    ['an unknown granularity', { ...LEGIT, assets: [{ ...LEGIT.assets[0]!, partitions: { kind: 'time', granularity: 'weekly', start: '2023-01-01' } }] }, /^assets\.0\.partitions\.granularity: Invalid option/],
    ['partitions starting off a boundary', { ...LEGIT, assets: [{ ...LEGIT.assets[0]!, partitions: { kind: 'time', granularity: 'monthly', start: '2023-01-15' } }] }, /^assets: asset "raw_events": invalid partition start "2023-01-15"/],
    ['a dependency on an unknown asset', { ...LEGIT, assets: [LEGIT.assets[1]!] }, /^assets: asset "daily_revenue" depends on unknown asset "raw_events"/],
    ['a bad retry policy', { ...LEGIT, assets: [LEGIT.assets[0]!, { ...LEGIT.assets[1]!, retry: { maximumAttempts: 0 } }] }, /^assets: asset "daily_revenue": retry\.maximumAttempts must be a whole number >= 1, got 0$/],
  ])('refuses %s, naming the field', (_what, value, message) => {
    const problems = continuationProblems(value);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toMatch(message);
  });

  it('lists at most 10 problems, escaped and cut short', () => {
    const rowsByAsset = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`a\u001b[31m${i}${'y'.repeat(1000)}`, 'many']));
    const problems = continuationProblems({ ...LEGIT, run: { ...LEGIT.run, scheduler: { ...LEGIT.run.scheduler, rowsByAsset } } });
    expect(problems).toHaveLength(11);
    expect(problems[10]).toBe('and 20 more problems');
    expect(problems[0]).toMatch(/^run\.scheduler\.rowsByAsset\.a\\u001b\[31m0y+$/);
    expect(problems[0]!.length).toBe(300);
  });
});
