import { fullJitterBackoff } from '../../src/cartrover/backoff';

describe('fullJitterBackoff', () => {
  it('spans [0, base * 2^(retry-1)] with full jitter', () => {
    expect(fullJitterBackoff(1, 600, 30_000, () => 0)).toBe(0);
    expect(fullJitterBackoff(1, 600, 30_000, () => 0.999999)).toBe(599);
    expect(fullJitterBackoff(3, 600, 30_000, () => 0.5)).toBe(1200);
  });

  it('never exceeds maxDelayMs, even for huge retry numbers', () => {
    for (const retry of [1, 5, 10, 50, 1000]) {
      for (let i = 0; i < 50; i += 1) {
        const delay = fullJitterBackoff(retry, 600, 30_000);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThanOrEqual(30_000);
      }
    }
    expect(fullJitterBackoff(1000, 600, 30_000, () => 0.999999)).toBe(29_999);
  });
});
