import { waitFor } from '../support/wait-for';
import { useTestHost } from './support/host-harness';

/** Managing what exists over REST: edit, delete with guards, files, runs pages, schedules. */
describe('REST: edit, delete, files, run history, schedules', () => {
  const running = useTestHost({ masterKey: Buffer.alloc(32, 9).toString('base64') }, 'host-manage-');

  const api = () => running.api;
  const fileStep = (operation: 'read' | 'write', name: string, extra: Record<string, unknown> = {}) => ({ appId: 'file', operation, config: { name, ...extra } });

  async function integration(name: string): Promise<{ id: string; version: number }> {
    const answer = await api().post('/api/integrations', { name });
    expect(answer.status).toBe(201);
    return answer.body;
  }

  async function upload(name: string, lines: number): Promise<void> {
    const text = Array.from({ length: lines }, (_, index) => JSON.stringify({ n: index })).join('\n');
    expect((await api().request('PUT', `/api/files/${name}`, text, { 'content-type': 'application/x-ndjson' })).status).toBe(200);
  }

  async function fileFlow(integrationId: string, name: string, from: string, to: string, extra: Record<string, unknown> = {}) {
    const answer = await api().post('/api/flows', { integrationId, name, source: fileStep('read', from), destination: fileStep('write', to, extra) });
    expect(answer.status).toBe(201);
    return answer.body as { id: string; version: number; name: string };
  }

  async function runToEnd(flowId: string) {
    const started = await api().post(`/api/flows/${flowId}/run`);
    expect(started.status).toBe(202);
    return (await api().waitForRun(flowId, started.body.runId)).body;
  }

  it('a file destination overwrites by default and appends when asked', async () => {
    const group = await integration('Files');
    await upload('three.ndjson', 3);
    const overwrite = await fileFlow(group.id, 'Copy', 'three.ndjson', 'copy.ndjson');
    const append = await fileFlow(group.id, 'Collect', 'three.ndjson', 'all.ndjson', { mode: 'append' });
    for (let round = 0; round < 2; round += 1) {
      expect(await runToEnd(overwrite.id)).toMatchObject({ status: 'succeeded', written: 3 });
      expect(await runToEnd(append.id)).toMatchObject({ status: 'succeeded', written: 3 });
    }
    expect((await api().get('/api/files/copy.ndjson')).text.trim().split('\n')).toHaveLength(3);
    expect((await api().get('/api/files/all.ndjson')).text.trim().split('\n')).toHaveLength(6);
    const download = await api().get('/api/files/copy.ndjson?download=1');
    expect(download.headers.get('content-disposition')).toContain('attachment; filename="copy.ndjson"');
  });

  it('runs are listed newest first, paged, with their total', async () => {
    const group = await integration('History');
    await upload('one.ndjson', 1);
    const flow = await fileFlow(group.id, 'Paged', 'one.ndjson', 'paged.ndjson');
    const ids: string[] = [];
    for (let round = 0; round < 3; round += 1) ids.push((await runToEnd(flow.id)).id);
    const first = await api().get(`/api/flows/${flow.id}/runs?limit=2`);
    expect(first.headers.get('x-total-count')).toBe('3');
    expect(first.body.map((run: { id: string }) => run.id)).toEqual([ids[2], ids[1]]);
    const second = await api().get(`/api/flows/${flow.id}/runs?limit=2&offset=2`);
    expect(second.body.map((run: { id: string }) => run.id)).toEqual([ids[0]]);
    expect((await api().get(`/api/flows/${flow.id}/runs?limit=abc`)).status).toBe(422);
    const listed = await api().get(`/api/flows/${flow.id}`);
    expect(listed.body.lastRun).toMatchObject({ id: ids[2], status: 'succeeded' });
  });

  it("a failed run's errors download as NDJSON", async () => {
    const group = await integration('Errors');
    const flow = await fileFlow(group.id, 'Missing source', 'missing.ndjson', 'out.ndjson');
    const run = await runToEnd(flow.id);
    expect(run.status).toBe('failed');
    const errors = await api().get(`/api/flows/${flow.id}/runs/${run.id}/errors`);
    expect(errors.headers.get('content-type')).toContain('application/x-ndjson');
    const lines = errors.text.trim().split('\n').map((line) => JSON.parse(line) as { message: string });
    expect(lines[0]!.message).toContain('missing.ndjson');
  });

  it('a flow is renamed and changed with PUT, and a bad change answers field errors with sentences', async () => {
    const group = await integration('Edits');
    await upload('edit.ndjson', 1);
    const flow = await fileFlow(group.id, 'Before', 'edit.ndjson', 'edited.ndjson');
    const renamed = await api().put(`/api/flows/${flow.id}`, { name: 'After', source: fileStep('read', 'edit.ndjson'), destination: fileStep('write', 'edited.ndjson', { mode: 'append' }), version: flow.version });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'After', destination: { config: { mode: 'append' } } });
    const bad = await api().put(`/api/flows/${flow.id}`, { name: ' ', source: fileStep('read', 'edit.ndjson'), destination: fileStep('write', 'x.ndjson', { mode: 'sideways' }) });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.errors)).toEqual(expect.arrayContaining(['name', 'destination.config.mode']));
    expect(bad.body.messages.name).toBe('Give the flow a name of 1 to 200 characters.');
    expect(bad.body.messages['destination.config.mode']).toBe('Choose one of the offered values for When the file exists.');
    for (const sentence of Object.values(bad.body.messages as Record<string, string>)) expect(sentence).not.toMatch(/schema|null|must match/);
  });

  it('an integration is renamed, refused deletion while it has flows, then deleted', async () => {
    const group = await integration('Old name');
    const renamed = await api().put(`/api/integrations/${group.id}`, { name: 'New name' });
    expect(renamed.body.name).toBe('New name');
    await upload('int.ndjson', 1);
    const flow = await fileFlow(group.id, 'Keeps it', 'int.ndjson', 'int-out.ndjson');
    const refused = await api().delete(`/api/integrations/${group.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.message).toContain('"Keeps it"');
    expect((await api().delete(`/api/flows/${flow.id}`)).status).toBe(204);
    expect((await api().delete(`/api/integrations/${group.id}`)).status).toBe(204);
    expect((await api().get(`/api/integrations/${group.id}`)).status).toBe(404);
  });

  it('a file used by a flow is not deleted; an unused one is', async () => {
    const group = await integration('File guard');
    await upload('guarded.ndjson', 1);
    await upload('loose.ndjson', 1);
    await fileFlow(group.id, 'Reads guarded', 'guarded.ndjson', 'guard-out.ndjson');
    const refused = await api().delete('/api/files/guarded.ndjson');
    expect(refused.status).toBe(409);
    expect(refused.body.message).toContain('"Reads guarded"');
    expect((await api().delete('/api/files/loose.ndjson')).status).toBe(204);
    expect((await api().delete('/api/files/loose.ndjson')).status).toBe(404);
    const names = (await api().get('/api/files')).body.map((file: { name: string }) => file.name);
    expect(names).toContain('guarded.ndjson');
    expect(names).not.toContain('loose.ndjson');
  });

  it('a schedule is checked, described in words and survives a restart', async () => {
    const group = await integration('Scheduled');
    await upload('sched.ndjson', 1);
    const bad = await api().post('/api/flows', { integrationId: group.id, name: 'Bad cron', source: fileStep('read', 'sched.ndjson'), destination: fileStep('write', 'sched-out.ndjson'), schedule: { enabled: true, kind: 'cron', cron: 'every day' } });
    expect(bad.status).toBe(422);
    expect(bad.body.messages.schedule).toContain('is not a cron expression');
    const made = await api().post('/api/flows', { integrationId: group.id, name: 'Nightly', source: fileStep('read', 'sched.ndjson'), destination: fileStep('write', 'sched-out.ndjson'), schedule: { enabled: true, kind: 'cron', cron: '0 2 * * *' } });
    expect(made.status).toBe(201);
    expect(made.body.scheduleText).toMatch(/^At 02:00/);
    expect(typeof made.body.nextRunAt).toBe('string');

    await running.restart();
    const after = await api().get(`/api/flows/${made.body.id}`);
    expect(after.body.schedule).toEqual({ enabled: true, kind: 'cron', cron: '0 2 * * *' });
    expect(typeof after.body.nextRunAt).toBe('string');
    const off = await api().put(`/api/flows/${made.body.id}`, { name: 'Nightly', source: after.body.source, destination: after.body.destination, schedule: { ...after.body.schedule, enabled: false } });
    expect(off.status).toBe(200);
    expect(off.body.nextRunAt).toBeUndefined();
  });

  it('a new interval schedule first runs at the "Next" it lists (one interval after it is saved), not at once', async () => {
    const group = await integration('Every few seconds');
    await upload('tick.ndjson', 1);
    const made = await api().post('/api/flows', { integrationId: group.id, name: 'Ticker', source: fileStep('read', 'tick.ndjson'), destination: fileStep('write', 'tick-out.ndjson'), schedule: { enabled: true, kind: 'interval', every: 3, unit: 'seconds' } });
    expect(made.status).toBe(201);
    const listedNext = Date.parse(made.body.nextRunAt);
    // The first listed run is an interval (less the rounding to a whole second) after the save.
    expect(listedNext - Date.parse(made.body.createdAt)).toBeGreaterThanOrEqual(2000);
    let runs: { startedAt: string }[] = [];
    await waitFor(async () => (runs = (await api().get(`/api/flows/${made.body.id}/runs`)).body).length > 0, 'the first scheduled run', 10_000);
    expect(Date.parse(runs[runs.length - 1]!.startedAt)).toBeGreaterThanOrEqual(listedNext);
    await api().put(`/api/flows/${made.body.id}`, { name: 'Ticker', source: made.body.source, destination: made.body.destination, schedule: null });
  });
});
