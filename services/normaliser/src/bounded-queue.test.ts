import { describe, expect, it } from 'vitest';
import { BoundedQueue } from './bounded-queue.ts';

describe('BoundedQueue', () => {
  it('keeps at most its capacity and hands back the overflow, in order', () => {
    const q = new BoundedQueue<number>(3);
    expect(q.push([1, 2])).toEqual([]);
    expect(q.push([3, 4, 5])).toEqual([4, 5]);
    expect(q.size).toBe(3);
    expect(q.push([6])).toEqual([6]);
  });

  it('takes from the front, and has room again once taken from', () => {
    const q = new BoundedQueue<number>(3);
    q.push([1, 2, 3]);
    expect(q.take(2)).toEqual([1, 2]);
    expect(q.size).toBe(1);
    expect(q.push([4, 5, 6])).toEqual([6]);
    expect(q.take(10)).toEqual([3, 4, 5]);
    expect(q.take(1)).toEqual([]);
    expect(q.size).toBe(0);
  });

  it('stays in order across many pushes and takes (compaction)', () => {
    const q = new BoundedQueue<number>(5000);
    const out: number[] = [];
    let next = 0;
    for (let round = 0; round < 50; round++) {
      q.push(Array.from({ length: 300 }, () => next++));
      out.push(...q.take(250));
    }
    out.push(...q.take(q.size));
    expect(out).toEqual(Array.from({ length: next }, (_, i) => i));
  });

  it('with capacity 0 holds nothing', () => {
    const q = new BoundedQueue<string>(0);
    expect(q.push(['a'])).toEqual(['a']);
    expect(q.size).toBe(0);
  });
});
