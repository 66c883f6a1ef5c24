import { describe, it, expect } from 'vitest';
import { materializationWorkflowId, rangeMaterializationWorkflowId } from '../../contract';

describe('materializationWorkflowId', () => {
  it('derives the id from task queue, asset and partition', () => {
    expect(materializationWorkflowId('retrofill', 'daily_rev', '2024-03-10')).toBe('retrofill/daily_rev/2024-03-10');
  });

  it('gives the same partition the same id and different partitions different ids', () => {
    const id = materializationWorkflowId('q', 'a', '2024-03');
    expect(materializationWorkflowId('q', 'a', '2024-03')).toBe(id);
    expect(materializationWorkflowId('q', 'a', '2024-04')).not.toBe(id);
    expect(materializationWorkflowId('q', 'b', '2024-03')).not.toBe(id);
    expect(materializationWorkflowId('other', 'a', '2024-03')).not.toBe(id);
  });
});

describe('rangeMaterializationWorkflowId', () => {
  it('names the first and last partition of the range', () => {
    expect(rangeMaterializationWorkflowId('retrofill', 'daily_rev', ['2024-03-01', '2024-03-02', '2024-03-03'])).toBe('retrofill/daily_rev/2024-03-01..2024-03-03');
  });

  it('differs from the id of its first partition alone', () => {
    expect(rangeMaterializationWorkflowId('q', 'a', ['2024-03-01', '2024-03-02'])).not.toBe(materializationWorkflowId('q', 'a', '2024-03-01'));
  });
});
