import { describe, it, expect } from 'vitest';
import { MinHeap } from '../../core/plan/min-heap';

function popAll(heap: MinHeap): number[] {
  const out: number[] = [];
  for (let v = heap.pop(); v !== undefined; v = heap.pop()) out.push(v);
  return out;
}

describe('MinHeap', () => {
  it('is empty at first and pops undefined', () => {
    const heap = new MinHeap();
    expect(heap.size).toBe(0);
    expect(heap.pop()).toBeUndefined();
  });

  it('pops values smallest first, keeping duplicates', () => {
    const heap = new MinHeap();
    [5, 3, 8, 1, 9, 3, 0, 7].forEach((v) => heap.push(v));
    expect(heap.size).toBe(8);
    expect(popAll(heap)).toEqual([0, 1, 3, 3, 5, 7, 8, 9]);
    expect(heap.size).toBe(0);
  });

  it('stays ordered when pushes and pops interleave', () => {
    const heap = new MinHeap();
    heap.push(4);
    heap.push(2);
    expect(heap.pop()).toBe(2);
    heap.push(1);
    heap.push(6);
    expect(heap.pop()).toBe(1);
    heap.push(3);
    expect(popAll(heap)).toEqual([3, 4, 6]);
  });

  it('sorts a large pseudo-random sequence like Array.sort', () => {
    // Deterministic LCG so a failure reproduces.
    let seed = 12345;
    const values = Array.from({ length: 2000 }, () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % 500);
    const heap = new MinHeap();
    values.forEach((v) => heap.push(v));
    expect(popAll(heap)).toEqual([...values].sort((a, b) => a - b));
  });
});
