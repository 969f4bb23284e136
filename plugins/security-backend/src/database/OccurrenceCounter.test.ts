import { createHash } from 'node:crypto';
import { OccurrenceCounter } from './OccurrenceCounter';

const digest = (key: string) => createHash('sha256').update(key).digest();

describe('OccurrenceCounter', () => {
  it('numbers each key on its own, in the order seen', () => {
    const counter = new OccurrenceCounter();
    expect(counter.next(digest('a'), 1, 0)).toBe(0);
    expect(counter.next(digest('b'), 1, 0)).toBe(0);
    expect(counter.next(digest('a'), 5, 0)).toBe(1);
    expect(counter.next(digest('a'), 9, 0)).toBe(2);
    expect(counter.next(digest('b'), 3, 0)).toBe(1);
    expect(counter.size).toBe(2);
  });

  it('counts a repeat at the same position with the same detail once', () => {
    const counter = new OccurrenceCounter();
    expect(counter.next(digest('a'), 7, 0)).toBe(0);
    expect(counter.next(digest('a'), 7, 0)).toBe(0);
    expect(counter.next(digest('a'), -1, 0)).toBe(1);
    expect(counter.next(digest('a'), -1, 0)).toBe(1);
    expect(counter.next(digest('a'), -1, 42)).toBe(2); // same place, says something else
    expect(counter.next(digest('a'), -1, 42)).toBe(2);
  });

  it('keeps every count while it grows far past its first capacity', () => {
    const counter = new OccurrenceCounter(16);
    const keys = 50_000;
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < keys; i++) {
        const n = counter.next(digest(`key-${i}`), round, 0);
        if (n !== round) throw new Error(`key-${i} in round ${round} got ${n}`);
      }
    }
    expect(counter.size).toBe(keys);
  });

  it('stores a key whose first word is zero', () => {
    const counter = new OccurrenceCounter();
    const zero = Buffer.alloc(32);
    expect(counter.next(zero, 1, 0)).toBe(0);
    expect(counter.next(zero, 2, 0)).toBe(1);
    expect(counter.size).toBe(1);
  });
});
