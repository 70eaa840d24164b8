import { describe, expect, it } from 'vitest';
import { rememberRecent } from './recent-memo.ts';

function counted() {
  const calls: string[] = [];
  const f = (key: string) => {
    calls.push(key);
    return `${key.length}:${key}`;
  };
  return { calls, f };
}

describe('rememberRecent', () => {
  it('computes an argument once while it is remembered, and gives the same value', () => {
    const { calls, f } = counted();
    const g = rememberRecent(f, 2, 10);
    expect([g('无'), g('满意'), g('无'), g('满意')]).toEqual(['1:无', '2:满意', '1:无', '2:满意']);
    expect(calls).toEqual(['无', '满意']);
  });

  it('forgets the least recently used argument first', () => {
    const { calls, f } = counted();
    const g = rememberRecent(f, 2, 10);
    g('a');
    g('b');
    g('a'); // b is now the least recently used
    g('c'); // forgets b
    g('a');
    g('b');
    expect(calls).toEqual(['a', 'b', 'c', 'b']);
  });

  it('never keeps an argument longer than maxKeyLength, and capacity 0 keeps nothing', () => {
    const long = counted();
    const g = rememberRecent(long.f, 10, 3);
    g('abcd');
    g('abcd');
    expect(long.calls).toEqual(['abcd', 'abcd']);
    const none = counted();
    const h = rememberRecent(none.f, 0, 10);
    h('a');
    h('a');
    expect(none.calls).toEqual(['a', 'a']);
  });
});
