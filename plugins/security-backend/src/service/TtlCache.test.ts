import { TtlCache } from './TtlCache';

describe('TtlCache', () => {
  it('forgets entries after their time, and the oldest when full', () => {
    let now = 1000;
    const cache = new TtlCache<string>(500, 2, () => now);
    cache.set('a', 'A');
    cache.set('b', 'B');
    expect(cache.get('a')).toBe('A');
    cache.set('c', 'C');
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('c')).toBe('C');
    now += 500;
    expect(cache.get('b')).toBeUndefined();
  });

  it('keeps nothing when disabled', () => {
    const cache = new TtlCache<string>(0);
    cache.set('a', 'A');
    expect(cache.get('a')).toBeUndefined();
  });
});
