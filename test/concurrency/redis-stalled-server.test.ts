import { systemClock } from '../../src/contracts';
import { RedisPoolRegistry } from '../../src/concurrency/redis';
import { describeWithRedis, TestRedisServer } from './support/redis-server';
import { waitFor } from '../support/wait-for';

/**
 * A Redis that stops answering (SIGSTOP: the sockets stay open, nothing comes back) must not hang
 * the callers: an acquire with a timeout still ends, and a shutdown still ends. Once Redis runs
 * again, every permit the stalled process had comes back to the pool.
 */
describeWithRedis('a stalled Redis (SIGSTOP) never hangs a caller or a shutdown', () => {
  let server: TestRedisServer;

  beforeAll(async () => {
    server = await TestRedisServer.start();
  });
  afterAll(async () => {
    if (server.pid) process.kill(server.pid, 'SIGCONT');
    await server.stop();
  });

  it('ends an acquire at its timeout and a close with its grace while Redis answers nothing, and loses no permit', async () => {
    const keyPrefix = 'stalled';
    const stalled = await RedisPoolRegistry.connect({ url: server.url, clock: systemClock, keyPrefix, leaseTtlMs: 3000 });
    await stalled.configure('p', 1);
    await stalled.bind('conn', 'p');
    const held = await stalled.acquire('conn');

    process.kill(server.pid!, 'SIGSTOP');
    let closed = false;
    try {
      // The acquire script is sent and never answered: the caller's timeout is still kept.
      await expect(stalled.acquire('conn', { timeoutMs: 200 })).rejects.toMatchObject({ code: 'timeout', poolId: 'p' });
      held.release(); // its release is sent and never answered either
      await stalled.close(); // bounded: the test's timeout would catch a hang
      closed = true;
    } finally {
      process.kill(server.pid!, 'SIGCONT');
      if (!closed) await stalled.close();
    }

    // Redis runs again and executes what it had buffered from the closed process; whatever that
    // granted goes back (released, or reclaimed from the dead connection by liveness).
    const observer = await RedisPoolRegistry.connect({ url: server.url, clock: systemClock, keyPrefix, leaseTtlMs: 3000 });
    try {
      await waitFor(async () => (await observer.stats()).find((pool) => pool.poolId === 'p')?.inFlight === 0, 'every permit of the stalled process back in the pool', 20_000);
      expect((await observer.stats()).find((pool) => pool.poolId === 'p')).toMatchObject({ level: 1, inFlight: 0, queued: 0 });
      const lease = await observer.acquire('conn', { timeoutMs: 5000 });
      lease.release();
    } finally {
      await observer.close();
    }
  }, 60_000);
});
