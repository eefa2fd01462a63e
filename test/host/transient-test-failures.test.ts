import type { RunningHost } from './support/host-harness';
import { startTestHost, tempDataDir } from './support/host-harness';

interface FakeState {
  nextTestResult?: { ok: boolean; kind?: string; message: string; latencyMs: number };
}
const fake = (): FakeState => (globalThis as unknown as { __fakePlugin: FakeState }).__fakePlugin;

describe('rate_limit and busy never mark a connection offline; a real failure does', () => {
  const data = tempDataDir('host-transient-');
  let running: RunningHost;

  beforeAll(async () => {
    running = await startTestHost({ dataDir: data.dir, masterKey: Buffer.alloc(32, 11).toString('base64') });
  });
  afterAll(async () => {
    await running.close();
    data.remove();
  });

  it.each(['rate_limit', 'busy'])('a %s test (stored test, and a save with saveOnFailedTest) keeps the connection online', async (kind) => {
    const created = await running.api.post('/api/connections', { appId: 'fake', values: { name: `Transient ${kind}`, apiUser: 'u', apiKey: 'good-transient-1' } });
    const id = created.body.connection.id as string;
    fake().nextTestResult = { ok: false, kind, message: `scripted ${kind}`, latencyMs: 1 };
    const tested = await running.api.post(`/api/connections/${id}/test`);
    expect(tested.body).toEqual(expect.objectContaining({ ok: false, kind }));
    expect((await running.api.get(`/api/connections/${id}`)).body.offline).toBe(false);
    fake().nextTestResult = { ok: false, kind, message: `scripted ${kind}`, latencyMs: 1 };
    const saved = await running.api.put(`/api/connections/${id}`, { values: { concurrencyLevel: 4 }, saveOnFailedTest: true });
    expect(saved.status).toBe(200);
    expect(saved.body.connection).toEqual(expect.objectContaining({ offline: false, concurrencyLevel: 4 }));

    fake().nextTestResult = { ok: false, kind: 'auth', message: 'scripted auth', latencyMs: 1 };
    await running.api.post(`/api/connections/${id}/test`);
    expect((await running.api.get(`/api/connections/${id}`)).body.offline).toBe(true);
    // A transient failure while offline does not bring it back online either.
    fake().nextTestResult = { ok: false, kind, message: `scripted ${kind}`, latencyMs: 1 };
    await running.api.post(`/api/connections/${id}/test`);
    expect((await running.api.get(`/api/connections/${id}`)).body.offline).toBe(true);
  });

  it.each(['rate_limit', 'busy'])('an edit that enters no new key is saved despite a %s test (a resize during a run); a new key is not', async (kind) => {
    const created = await running.api.post('/api/connections', { appId: 'fake', values: { name: `Busy edit ${kind}`, apiUser: 'u', apiKey: 'good-transient-2' } });
    const id = created.body.connection.id as string;
    fake().nextTestResult = { ok: false, kind, message: `scripted ${kind}`, latencyMs: 1 };
    const resized = await running.api.put(`/api/connections/${id}`, { values: { concurrencyLevel: 7 } });
    expect(resized.status).toBe(200);
    expect(resized.body.test).toEqual(expect.objectContaining({ ok: false, kind }));
    expect(resized.body.connection).toEqual(expect.objectContaining({ offline: false, concurrencyLevel: 7 }));

    fake().nextTestResult = { ok: false, kind, message: `scripted ${kind}`, latencyMs: 1 };
    const rekeyed = await running.api.put(`/api/connections/${id}`, { values: { apiKey: 'good-transient-3' } });
    expect(rekeyed.status).toBe(409);
    expect(rekeyed.body.error).toBe('test_failed');
  });
});
