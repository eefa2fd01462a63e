import { InProcessPoolRegistry, createPoolRequestHook } from '../../src/concurrency';

async function registryWithPool(level: number, members: string[]) {
  const registry = new InProcessPoolRegistry();
  await registry.configure('p', level);
  for (const member of members) await registry.bind(member, 'p');
  return registry;
}

const info = { method: 'GET', path: '/v1/merchant/inventory', attempt: 1 };

describe('createPoolRequestHook', () => {
  it('holds one permit exactly around send and releases it after success and failure', async () => {
    const registry = await registryWithPool(1, ['a']);
    const hook = createPoolRequestHook(registry, 'a');
    const seen: number[] = [];
    const result = await hook(async () => {
      seen.push((await registry.stats())[0].inFlight);
      return 'ok';
    }, info);
    expect(result).toBe('ok');
    await expect(hook(() => Promise.reject(new Error('HTTP 500')), info)).rejects.toThrow('HTTP 500');
    expect(seen).toEqual([1]);
    expect((await registry.stats())[0]).toMatchObject({ inFlight: 0, queued: 0 });
    expect(registry.permitCounts('p')).toEqual({ granted: 2, returned: 2 });
  });

  it('keeps the permit for the cool-down after an attempt that got no answer (CartRover may still be working on it)', async () => {
    const registry = await registryWithPool(1, ['a']);
    const hook = createPoolRequestHook(registry, 'a', { coolDownMs: 40 });
    const timedOut = Object.assign(new Error('CartRover did not answer within 500 ms.'), { kind: 'timeout' });
    await expect(hook(() => Promise.reject(timedOut), info)).rejects.toBe(timedOut); // the caller hears at once
    expect((await registry.stats())[0]).toMatchObject({ inFlight: 1 });
    await expect(registry.acquire('a', { timeoutMs: 0 })).rejects.toMatchObject({ code: 'timeout' });
    (await registry.acquire('a')).release(); // granted once the cool-down is over
    expect(registry.permitCounts('p')).toEqual({ granted: 2, returned: 2 });
  });

  it('cools down by the attempt timeout by default, and not at all when the request never left or was answered', async () => {
    const registry = await registryWithPool(1, ['a']);
    const hook = createPoolRequestHook(registry, 'a');
    const refused = Object.assign(new Error('connection refused'), { kind: 'network', networkCode: 'ECONNREFUSED' });
    await expect(hook(() => Promise.reject(refused), { ...info, timeoutMs: 60_000 })).rejects.toBe(refused);
    const answered = Object.assign(new Error('HTTP 503'), { kind: 'http', status: 503 });
    await expect(hook(() => Promise.reject(answered), { ...info, timeoutMs: 60_000 })).rejects.toBe(answered);
    expect((await registry.stats())[0]).toMatchObject({ inFlight: 0 });
    const reset = Object.assign(new Error('socket hang up'), { kind: 'network', networkCode: 'ECONNRESET' });
    await expect(hook(() => Promise.reject(reset), { ...info, timeoutMs: 30 })).rejects.toBe(reset);
    expect((await registry.stats())[0]).toMatchObject({ inFlight: 1 }); // sent, maybe still running: 30 ms cool-down
    (await registry.acquire('a')).release();
  });

  it('gives the permit back at once when the caller aborted the attempt (an export dropping its read-ahead must not stall the pool)', async () => {
    const registry = await registryWithPool(1, ['a']);
    const hook = createPoolRequestHook(registry, 'a', { coolDownMs: 60_000 });
    const aborted = Object.assign(new Error('The request was canceled'), { kind: 'aborted' });
    await expect(hook(() => Promise.reject(aborted), info)).rejects.toBe(aborted);
    expect((await registry.stats())[0]).toMatchObject({ inFlight: 0 });
    (await registry.acquire('a', { timeoutMs: 0 })).release();
    expect(registry.permitCounts('p')).toEqual({ granted: 2, returned: 2 });
  });

  it('passes the attempt signal, timeout and priority to the registry', async () => {
    const registry = await registryWithPool(1, ['a']);
    const acquire = jest.spyOn(registry, 'acquire');
    const signal = new AbortController().signal;
    await createPoolRequestHook(registry, 'a', { acquireTimeoutMs: 250, priority: 7 })(async () => 1, { ...info, signal });
    expect(acquire).toHaveBeenCalledWith('a', { signal, timeoutMs: 250, priority: 7 });
  });

  it('lets a fan-out of requests share the pool, and refuses a nested request to the same pool', async () => {
    const registry = await registryWithPool(2, ['a', 'b']);
    const hookA = createPoolRequestHook(registry, 'a');
    const hookB = createPoolRequestHook(registry, 'b');
    let running = 0;
    let maxRunning = 0;
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, index) =>
        (index % 2 ? hookA : hookB)(async () => {
          maxRunning = Math.max(maxRunning, ++running);
          await new Promise((resolve) => setTimeout(resolve, 2));
          running--;
          return index;
        }, info),
      ),
    );
    expect(results).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(maxRunning).toBe(2);
    await expect(hookA(() => hookB(async () => 'never', info), info)).rejects.toMatchObject({ code: 'reentrant', poolId: 'p' });
    expect((await registry.stats())[0]).toMatchObject({ inFlight: 0, queued: 0 });
  });

  it('gives up waiting when the attempt is aborted', async () => {
    const registry = await registryWithPool(1, ['a']);
    const hook = createPoolRequestHook(registry, 'a');
    const controller = new AbortController();
    let release!: () => void;
    const holder = hook(() => new Promise<void>((resolve) => (release = resolve)), info);
    const send = jest.fn(async () => 'sent');
    const waiting = hook(send, { ...info, signal: controller.signal });
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ code: 'aborted' });
    expect(send).not.toHaveBeenCalled();
    release();
    await holder;
  });
});
