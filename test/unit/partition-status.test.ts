import { describe, expect, it } from 'vitest';
import { partitionStatus, type MaterializationRecord } from '../../core/status/partition-status';

const done: MaterializationRecord = {
  ledgerId: '10',
  codeVersion: '1',
  upstreamVersions: { 'raw_events/2024-03-02': '7', 'customers/all': '3' },
};
const inputs = (raw: string | undefined, customers: string | undefined = '3') => [
  { label: 'raw_events/2024-03-02', current: raw },
  { label: 'customers/all', current: customers },
];

describe('partitionStatus', () => {
  it('is missing when never materialized', () => {
    expect(partitionStatus({ codeVersion: '1', history: {}, inputs: inputs('7') })).toEqual({ status: 'missing', reason: 'never materialized' });
  });

  it('is materialized when code and every input are as they were read', () => {
    expect(partitionStatus({ codeVersion: '1', history: { lastSuccess: done }, inputs: inputs('7') })).toEqual({ status: 'materialized', reason: '' });
  });

  it('is stale when the code version changed', () => {
    expect(partitionStatus({ codeVersion: '2', history: { lastSuccess: done }, inputs: inputs('7') })).toEqual({
      status: 'stale',
      reason: 'code version 2 ≠ 1 it was materialized with',
    });
  });

  it('is stale when an input was rewritten since, naming it', () => {
    expect(partitionStatus({ codeVersion: '1', history: { lastSuccess: done }, inputs: inputs('9') })).toEqual({
      status: 'stale',
      reason: 'upstream raw_events/2024-03-02 changed',
    });
    expect(partitionStatus({ codeVersion: '1', history: { lastSuccess: done }, inputs: inputs('9', '4') }).reason).toBe(
      'upstream raw_events/2024-03-02 changed (and 1 more)',
    );
  });

  it('is stale when an input that was missing has been materialized since', () => {
    const readNothing = { ...done, upstreamVersions: {} };
    expect(partitionStatus({ codeVersion: '1', history: { lastSuccess: readNothing }, inputs: inputs('7') }).status).toBe('stale');
  });

  it('does not call an input stale because it has no materialization now', () => {
    expect(partitionStatus({ codeVersion: '1', history: { lastSuccess: done }, inputs: inputs(undefined) }).status).toBe('materialized');
  });

  it('is failed when the newest attempt failed after its last success, with the error', () => {
    const history = { lastSuccess: done, laterFailure: { error: 'source feed corrupt' } };
    expect(partitionStatus({ codeVersion: '1', history, inputs: inputs('7') })).toEqual({ status: 'failed', reason: 'failed: source feed corrupt' });
  });
});
