import { createHash } from 'node:crypto';
import { OccurrenceCounter } from './OccurrenceCounter';

const digest = (key: string) => createHash('sha256').update(key).digest();

describe('OccurrenceCounter', () => {
  it('numbers each key on its own, in the order seen', () => {
    const counter = new OccurrenceCounter();
    expect(counter.next(digest('a'), 1)).toBe(0);
    expect(counter.next(digest('b'), 1)).toBe(0);
    expect(counter.next(digest('a'), 5)).toBe(1);
    expect(counter.next(digest('a'), 9)).toBe(2);
    expect(counter.next(digest('b'), 3)).toBe(1);
    expect(counter.size).toBe(2);
  });

  it('counts a repeat at the same position once', () => {
    const counter = new OccurrenceCounter();
    expect(counter.next(digest('a'), 7)).toBe(0);
    expect(counter.next(digest('a'), 7)).toBe(0);
    expect(counter.next(digest('a'), -1)).toBe(1);
    expect(counter.next(digest('a'), -1)).toBe(1);
  });

  it('keeps every count while it grows far past its first capacity', () => {
    const counter = new OccurrenceCounter(16);
    const keys = 50_000;
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < keys; i++) {
        const n = counter.next(digest(`key-${i}`), round);
        if (n !== round) throw new Error(`key-${i} in round ${round} got ${n}`);
      }
    }
    expect(counter.size).toBe(keys);
  });

  it('stores a key whose first word is zero', () => {
    const counter = new OccurrenceCounter();
    const zero = Buffer.alloc(32);
    expect(counter.next(zero, 1)).toBe(0);
    expect(counter.next(zero, 2)).toBe(1);
    expect(counter.size).toBe(1);
  });
});
