import { startSandbox } from '../../sandbox/src';
import type { SandboxOptions } from '../../sandbox/src';
import { call } from './sandbox-http';

describe('sandbox options', () => {
  it.each<[string, SandboxOptions, RegExp]>([
    ['negative latency', { latency: -1 }, /latency must be a non-negative number/],
    ['an inverted latency range', { latency: { minMs: 50, maxMs: 10 } }, /latency/],
    ['a bucket capacity below 1', { bucket: { capacity: 0, refillMs: 600 } }, /bucket.capacity must be an integer >= 1/],
    ['a zero refill', { bucket: { capacity: 5, refillMs: 0 } }, /bucket.refillMs must be a number > 0/],
    ['an unknown style', { authFailureStyle: 'teapot' as never }, /authFailureStyle must be one of body200, status401/],
    ['an unknown level', { users: [{ apiUser: 'u', apiKey: 'k', level: 'master' as never }] }, /level of user u/],
    ['duplicate users', { users: [{ apiUser: 'u', apiKey: 'k', level: 'cart' }, { apiUser: 'u', apiKey: 'k2', level: 'cart' }] }, /duplicate apiUser u/],
    ['a bad port', { port: 70000 }, /port must be an integer/],
    ['a negative cancel window', { cancelWindowMs: -5 }, /cancelWindowMs/],
    ['a bad seed', { seed: { orders: -1 } }, /seed.orders/],
    ['a clock without now()', { clock: {} as never }, /clock must have a now\(\) function/],
  ])('rejects %s with a clear error', async (_label, options, message) => {
    await expect(startSandbox(options)).rejects.toThrow(message);
  });

  it('rejects bad settings through the control too', async () => {
    const sandbox = await startSandbox({ seed: false });
    try {
      expect(() => sandbox.control.setLatency(-5)).toThrow(/latency/);
      expect(() => sandbox.control.setBucket({ capacity: 0.5, refillMs: 10 })).toThrow(/capacity/);
      expect(() => sandbox.control.setStyles({ notFoundStyle: 'status410' as never })).toThrow(/notFoundStyle/);
      expect(() => sandbox.control.addUser({ apiUser: '', apiKey: 'k', level: 'cart' })).toThrow(/apiUser/);
    } finally {
      await sandbox.close();
    }
  });

  it('serves custom users only, on a chosen port', async () => {
    const probe = await startSandbox({ seed: false });
    const port = probe.port;
    await probe.close();
    const sandbox = await startSandbox({ port, seed: false, users: [{ apiUser: 'solo', apiKey: 'solo-key', level: 'merchant' }] });
    try {
      expect(sandbox.port).toBe(port);
      expect((await call(sandbox, '/v1/merchant/inventory', { as: { apiUser: 'solo', apiKey: 'solo-key' } })).body.success_code).toBe(true);
      expect((await call(sandbox, '/v1/merchant/inventory')).body.success_code).toBe(false);
    } finally {
      await sandbox.close();
    }
  });
});
