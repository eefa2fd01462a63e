import { fakePluginState } from './fixtures/fake-plugin/fake-plugin-state';
import { useTestHost } from './support/host-harness';

describe('rate_limit and busy never mark a connection offline; a real failure does', () => {
  const running = useTestHost({ masterKey: Buffer.alloc(32, 11).toString('base64') }, 'host-transient-');

  it.each(['rate_limit', 'busy'] as const)('a %s test (stored test, and a save with saveOnFailedTest) keeps the connection online', async (kind) => {
    const created = await running.api.post('/api/connections', { appId: 'fake', values: { name: `Transient ${kind}`, apiUser: 'u', apiKey: 'good-transient-1' } });
    const id = created.body.connection.id as string;
    fakePluginState().nextTestResult = { ok: false, kind, message: `scripted ${kind}`, latencyMs: 1 };
    const tested = await running.api.post(`/api/connections/${id}/test`);
    expect(tested.body).toEqual(expect.objectContaining({ ok: false, kind }));
    expect((await running.api.get(`/api/connections/${id}`)).body.offline).toBe(false);
    fakePluginState().nextTestResult = { ok: false, kind, message: `scripted ${kind}`, latencyMs: 1 };
    const saved = await running.api.put(`/api/connections/${id}`, { values: { concurrencyLevel: 4 }, saveOnFailedTest: true });
    expect(saved.status).toBe(200);
    expect(saved.body.connection).toEqual(expect.objectContaining({ offline: false, concurrencyLevel: 4 }));

    fakePluginState().nextTestResult = { ok: false, kind: 'auth', message: 'scripted auth', latencyMs: 1 };
    await running.api.post(`/api/connections/${id}/test`);
    expect((await running.api.get(`/api/connections/${id}`)).body.offline).toBe(true);
    // A transient failure while offline does not bring it back online either.
    fakePluginState().nextTestResult = { ok: false, kind, message: `scripted ${kind}`, latencyMs: 1 };
    await running.api.post(`/api/connections/${id}/test`);
    expect((await running.api.get(`/api/connections/${id}`)).body.offline).toBe(true);
  });

  it.each(['rate_limit', 'busy'] as const)('an edit that enters no new key is saved despite a %s test (a resize during a run); a new key is not', async (kind) => {
    const created = await running.api.post('/api/connections', { appId: 'fake', values: { name: `Busy edit ${kind}`, apiUser: 'u', apiKey: 'good-transient-2' } });
    const id = created.body.connection.id as string;
    fakePluginState().nextTestResult = { ok: false, kind, message: `scripted ${kind}`, latencyMs: 1 };
    const resized = await running.api.put(`/api/connections/${id}`, { values: { concurrencyLevel: 7 } });
    expect(resized.status).toBe(200);
    expect(resized.body.test).toEqual(expect.objectContaining({ ok: false, kind }));
    expect(resized.body.connection).toEqual(expect.objectContaining({ offline: false, concurrencyLevel: 7 }));

    fakePluginState().nextTestResult = { ok: false, kind, message: `scripted ${kind}`, latencyMs: 1 };
    const rekeyed = await running.api.put(`/api/connections/${id}`, { values: { apiKey: 'good-transient-3' } });
    expect(rekeyed.status).toBe(409);
    expect(rekeyed.body.error).toBe('test_failed');
  });
});
