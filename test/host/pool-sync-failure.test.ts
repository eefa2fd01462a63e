import { fakePluginState } from './fixtures/fake-plugin/fake-plugin-state';
import { useTestHost } from './support/host-harness';

const GOOD_KEY = 'good-key-4f1c9a7e2b';

/** Issue 11: a save whose pool sync fails is no silent 200, and /api/pools says so. */
describe('a failed lifecycle sync', () => {
  const running = useTestHost({ masterKey: Buffer.alloc(32, 7).toString('base64') }, 'host-pool-sync-');

  afterEach(() => {
    delete fakePluginState().failSync;
  });

  const api = () => running.api;

  it('answers 503 naming the app and the reason, keeps the saved change, and marks the pools degraded until a sync succeeds', async () => {
    const created = await api().post('/api/connections', { appId: 'fake', values: { name: 'Synced', apiUser: 'u', apiKey: GOOD_KEY } });
    expect(created.status).toBe(201);
    const id = created.body.connection.id as string;
    const poolOf = async () => ((await api().get('/api/pools')).body as Array<{ poolId: string; degraded: boolean; reason?: string }>).find((pool) => pool.poolId === id);
    expect(await poolOf()).toEqual(expect.objectContaining({ degraded: false }));
    expect((await poolOf())!.reason).toBeUndefined();

    fakePluginState().failSync = 'pool backend unreachable';
    const renamed = await api().put(`/api/connections/${id}`, { values: { name: 'Renamed', concurrencyLevel: 3 } });
    expect(renamed.status).toBe(503);
    expect(renamed.body).toEqual({
      error: 'pools_out_of_step',
      appId: 'fake',
      message: expect.stringMatching(/^The change was saved, but the concurrency pools of app "fake" could not be updated \(pool backend unreachable\)/),
    });
    expect((await api().get(`/api/connections/${id}`)).body.name).toBe('Renamed');
    expect(await poolOf()).toEqual(expect.objectContaining({ degraded: true, reason: 'pool backend unreachable' }));

    delete fakePluginState().failSync;
    const again = await api().put(`/api/connections/${id}`, { values: { name: 'Renamed again' } });
    expect(again.status).toBe(200);
    expect(await poolOf()).toEqual(expect.objectContaining({ degraded: false }));
  });

  it('fails a delete the same way (the connection is gone, its pool may linger)', async () => {
    const created = await api().post('/api/connections', { appId: 'fake', values: { name: 'To delete', apiUser: 'd', apiKey: GOOD_KEY } });
    fakePluginState().failSync = 'pool backend unreachable';
    const deleted = await api().delete(`/api/connections/${created.body.connection.id}`);
    expect(deleted.status).toBe(503);
    expect(deleted.body.error).toBe('pools_out_of_step');
    expect((await api().get(`/api/connections/${created.body.connection.id}`)).status).toBe(404);
  });
});
