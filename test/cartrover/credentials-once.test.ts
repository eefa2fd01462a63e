import { RateLimitPacerRegistry, type CartRoverCredentials } from '../../src/cartrover';
import { MERCHANT, total, useSandbox } from './sandbox-fixture';
import { systemClock } from '../../src/contracts';

/** The key's path: read (and so decrypted, for a stored connection) once per HTTP attempt, paced or not. */
describe('credentials per attempt', () => {
  const { sandbox, client } = useSandbox();

  function counted(): { provider: () => CartRoverCredentials; calls: () => number } {
    let calls = 0;
    return {
      provider: () => {
        calls += 1;
        return MERCHANT;
      },
      calls: () => calls,
    };
  }

  it('reads them once for a paced request, and once more for its retry', async () => {
    const credentials = counted();
    const paced = client(MERCHANT, { credentials: credentials.provider, pacer: new RateLimitPacerRegistry({ clock: systemClock }) });
    await paced.listInventory({ limit: 1 });
    expect(credentials.calls()).toBe(1);

    sandbox().control.injectFault({ kind: 'http500', count: 1 });
    await paced.listInventory({ limit: 1 });
    expect(total(sandbox().control.counters().requests)).toBe(3);
    expect(credentials.calls()).toBe(3);
  });

  it('reads them once for an unpaced request (the ping)', async () => {
    const credentials = counted();
    await client(MERCHANT, { credentials: credentials.provider }).ping();
    expect(credentials.calls()).toBe(1);
  });
});
