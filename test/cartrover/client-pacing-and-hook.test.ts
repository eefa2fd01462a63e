import type { Clock } from '../../src/contracts';
import type { RequestHook, RequestHookInfo } from '../../src/cartrover';
import { RateLimitPacerRegistry } from '../../src/cartrover';
import { systemClock } from '../../src/contracts';
import { MERCHANT, total, useSandbox } from './sandbox-fixture';

const BUCKET = { capacity: 5, refillMs: 40 };
const { sandbox, client } = useSandbox({ bucket: BUCKET });
const INVENTORY = 'GET /v1/merchant/inventory';

describe('rate-limit pacing', () => {
  beforeEach(() => sandbox().control.setBucket(BUCKET)); // every test starts with a full bucket

  it('keeps a read loop of three bucket-fulls free of RateLimit errors', async () => {
    const pacers = new RateLimitPacerRegistry({ bucket: BUCKET, clock: systemClock });
    const paced = client(MERCHANT, { pacer: pacers, retry: { maxAttempts: 1 } });
    const started = Date.now();
    for (let i = 0; i < 3 * BUCKET.capacity; i += 1) await paced.listInventory({ limit: 1, page: i + 1 });
    expect(sandbox().control.counters().rateLimited).toBe(0);
    // 15 reads from a bucket of 5 need about 11 refills of 40 ms (generous bound).
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
  });

  it('shares one bucket between clients of the same API user, also when they run concurrently', async () => {
    const pacers = new RateLimitPacerRegistry({ bucket: BUCKET, clock: systemClock });
    const first = client(MERCHANT, { pacer: pacers, retry: { maxAttempts: 1 } });
    const second = client(MERCHANT, { pacer: pacers, retry: { maxAttempts: 1 } });
    const loop = async (c: typeof first): Promise<void> => {
      for (let i = 0; i < 8; i += 1) await c.listInventory({ limit: 1 });
    };
    await Promise.all([loop(first), loop(second)]);
    expect(sandbox().control.counters().requests[INVENTORY]).toBe(16);
    expect(sandbox().control.counters().rateLimited).toBe(0);
  });

  it('without pacing the same loop does run into the rate limit (the test above is meaningful)', async () => {
    const unpaced = client(MERCHANT, { pacer: false, bucket: { capacity: 5, refillMs: 10 } });
    for (let i = 0; i < 3 * BUCKET.capacity; i += 1) await unpaced.listInventory({ limit: 1 });
    expect(sandbox().control.counters().rateLimited).toBeGreaterThan(0);
  });

  it('a client with default options paces too (private registry)', async () => {
    const paced = client(MERCHANT, { pacer: undefined, bucket: BUCKET, retry: { maxAttempts: 1 } });
    for (let i = 0; i < 2 * BUCKET.capacity; i += 1) await paced.listInventory({ limit: 1 });
    expect(sandbox().control.counters().rateLimited).toBe(0);
  });
});

describe('request hook', () => {
  beforeEach(() => sandbox().control.setBucket(BUCKET)); // a full bucket: the tests above may have drained it
  it('wraps exactly one wire attempt: hook calls equal server requests, attempts count up', async () => {
    const infos: RequestHookInfo[] = [];
    const hooked = client(MERCHANT, {
      requestHook: (send, info) => {
        infos.push(info);
        return send();
      },
    });
    sandbox().control.injectFault({ kind: 'http503', count: 2, endpoint: INVENTORY });
    await hooked.listInventory({ limit: 2 });
    await hooked.ping();
    expect(infos.map((i) => i.attempt)).toEqual([1, 2, 3, 1]);
    expect(infos.every((i) => i.method === 'GET' && i.path === '/v1/merchant/inventory')).toBe(true);
    expect(infos.length).toBe(total(sandbox().control.counters().requests));
  });

  it('is not held during retry waits nor pacing waits', async () => {
    let insideHook = 0;
    const sleepsInsideHook: number[] = [];
    const sleepsOutside: number[] = [];
    const watchingClock: Clock = {
      now: () => Date.now(),
      sleep: (ms, signal) => {
        (insideHook > 0 ? sleepsInsideHook : sleepsOutside).push(ms);
        return systemClock.sleep(ms, signal);
      },
    };
    const hook: RequestHook = async (send) => {
      insideHook += 1;
      try {
        return await send();
      } finally {
        insideHook -= 1;
      }
    };
    const pacers = new RateLimitPacerRegistry({ bucket: BUCKET, clock: watchingClock });
    const hooked = client(MERCHANT, { requestHook: hook, clock: watchingClock, pacer: pacers });
    sandbox().control.injectFault({ kind: 'rate_limit', count: 2, endpoint: INVENTORY });
    for (let i = 0; i < 6; i += 1) await hooked.listInventory({ limit: 1 });
    expect(sleepsOutside.length).toBeGreaterThanOrEqual(2); // two retry waits, plus pacing waits
    expect(sleepsInsideHook).toEqual([]);
  });

  it('can cap concurrency: a one-permit hook keeps the server at one request in flight', async () => {
    let held = false;
    const queue: (() => void)[] = [];
    const acquire = (): Promise<void> =>
      held ? new Promise<void>((resolve) => queue.push(resolve)) : Promise.resolve(void (held = true));
    const release = (): void => {
      const next = queue.shift();
      if (next) next();
      else held = false;
    };
    const onePermit: RequestHook = async (send) => {
      await acquire();
      try {
        return await send();
      } finally {
        release();
      }
    };
    sandbox().control.setLatency(20);
    sandbox().control.injectFault({ kind: 'http500', count: 3, endpoint: INVENTORY });
    const hooked = client(MERCHANT, { requestHook: onePermit });
    await Promise.all(Array.from({ length: 5 }, () => hooked.listInventory({ limit: 1 })));
    expect(sandbox().control.counters().maxInFlight['demo-merchant']).toBe(1);
  });
});
