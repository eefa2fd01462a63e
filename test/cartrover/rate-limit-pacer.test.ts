import { RateLimitPacerRegistry } from '../../src/cartrover';
import { FakeClock } from './fake-clock';
import { systemClock } from '../../src/contracts';

describe('RateLimitPacer', () => {
  it('lets a burst through down to the reserve, then paces one per refill interval', async () => {
    const clock = new FakeClock();
    const pacer = new RateLimitPacerRegistry({ bucket: { capacity: 5, refillMs: 100 }, clock }).pacerFor('u');
    for (let i = 0; i < 4; i += 1) await pacer.take();
    expect(clock.sleeps).toEqual([]);
    const before = clock.now();
    for (let i = 0; i < 10; i += 1) await pacer.take();
    // Ten more calls need ten refills: ~100 ms apart.
    expect(clock.now() - before).toBeGreaterThanOrEqual(1000);
    expect(clock.now() - before).toBeLessThan(1100);
  });

  it('believes the server when it reports fewer calls left, and empties on RateLimit', async () => {
    const clock = new FakeClock();
    const registry = new RateLimitPacerRegistry({ bucket: { capacity: 100, refillMs: 600 }, clock });
    const pacer = registry.pacerFor('u');
    registry.record('u', { hitsRemaining: 3, rateLimited: false });
    expect(pacer.available).toBe(3);
    registry.record('u', { hitsRemaining: 50, rateLimited: false }); // never more than the model
    expect(pacer.available).toBe(3);
    registry.record('u', { hitsRemaining: 0, rateLimited: true });
    expect(pacer.available).toBe(0);
    await pacer.take();
    expect(clock.sleeps.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1200); // 1 + reserve 1
  });

  it('keeps one pacer per API user, shared by whoever asks', () => {
    const registry = new RateLimitPacerRegistry({ clock: systemClock });
    expect(registry.pacerFor('a')).toBe(registry.pacerFor('a'));
    expect(registry.pacerFor('a')).not.toBe(registry.pacerFor('b'));
    registry.pacerFor('a', { capacity: 7, refillMs: 10 });
    expect(registry.pacerFor('a').options).toEqual({ capacity: 7, refillMs: 10 });
  });

  it('serves concurrent callers without handing out the same token twice', async () => {
    const clock = new FakeClock();
    const pacer = new RateLimitPacerRegistry({ bucket: { capacity: 3, refillMs: 100 }, clock }).pacerFor('u');
    const start = clock.now();
    await Promise.all(Array.from({ length: 6 }, () => pacer.take()));
    // 2 immediate (reserve 1), 4 more need 4 refills.
    expect(clock.now() - start).toBeGreaterThanOrEqual(400);
  });

  it('stops waiting when the caller aborts', async () => {
    const pacer = new RateLimitPacerRegistry({ bucket: { capacity: 1, refillMs: 60_000 }, clock: systemClock }).pacerFor('u');
    await pacer.take();
    const controller = new AbortController();
    const waiting = pacer.take(controller.signal);
    setTimeout(() => controller.abort(), 20);
    await expect(waiting).rejects.toMatchObject({ name: 'CartRoverError', kind: 'aborted' });
  });
});
