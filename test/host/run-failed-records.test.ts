import { useTestHost } from './support/host-harness';

/**
 * Issue 24 point 6: a run's failures as files a person works with. The errors download holds each
 * failed record with its number, its order (cust_ref) and its sentence; the failed-records
 * download holds the records as read, to fix and run again; a run keeps the first 100 and says
 * how many more failed.
 */
describe('REST: the failed records of a run, to fix and re-run', () => {
  const running = useTestHost({ masterKey: Buffer.alloc(32, 5).toString('base64') }, 'host-failed-records-');
  let integrationId: string;

  beforeAll(async () => {
    integrationId = (await running.api.post('/api/integrations', { name: 'Fix and re-run' })).body.id;
  });

  const api = () => running.api;
  const fileStep = (operation: 'read' | 'write', name: string) => ({ appId: 'file', operation, config: { name } });
  // A record marked bad fails in the flow's transform with a sentence naming its order.
  const FAIL_MARKED = 'bad ? $error("order " & cust_ref & " is marked bad") : $';

  async function upload(name: string, records: readonly unknown[]): Promise<void> {
    const text = records.map((record) => JSON.stringify(record)).join('\n');
    expect((await api().request('PUT', `/api/files/${name}`, text, { 'content-type': 'application/x-ndjson' })).status).toBe(200);
  }

  async function flowFrom(file: string, name: string): Promise<string> {
    const made = await api().post('/api/flows', { integrationId, name, source: fileStep('read', file), destination: fileStep('write', `${name}.out.ndjson`), transform: FAIL_MARKED });
    expect(made.status).toBe(201);
    return made.body.id;
  }

  async function runToEnd(flowId: string) {
    const started = await api().post(`/api/flows/${flowId}/run`);
    expect(started.status).toBe(202);
    return (await api().waitForRun(flowId, started.body.runId)).body;
  }

  const lines = (text: string): unknown[] => text.trim() === '' ? [] : text.trim().split('\n').map((line) => JSON.parse(line) as unknown);

  it('the errors download holds each failed record with its line number, cust_ref and sentence', async () => {
    const records = [
      { cust_ref: 'OK-1', bad: false },
      { cust_ref: 'BAD-2', bad: true, ship_city: 'Springfield' },
      { cust_ref: 'OK-3', bad: false },
      { cust_ref: 'BAD-4', bad: true, items: [{ item: 'CIO-1', quantity: 2 }] },
    ];
    await upload('four.ndjson', records);
    const flowId = await flowFrom('four.ndjson', 'four');
    const run = await runToEnd(flowId);
    expect(run).toMatchObject({ status: 'partial', written: 2, failed: 2 });
    expect(run.errors).toEqual([
      { index: 1, custRef: 'BAD-2', message: expect.stringContaining('order BAD-2 is marked bad') },
      { index: 3, custRef: 'BAD-4', message: expect.stringContaining('order BAD-4 is marked bad') },
    ]);

    const errors = await api().get(`/api/flows/${flowId}/runs/${run.id}/errors`);
    expect(errors.status).toBe(200);
    expect(errors.headers.get('content-disposition')).toBe(`attachment; filename="run-${run.id}-errors.ndjson"`);
    expect(errors.headers.get('x-failed-not-listed')).toBe('0');
    expect(lines(errors.text)).toEqual([
      { record: 2, cust_ref: 'BAD-2', message: expect.stringContaining('marked bad'), data: records[1] },
      { record: 4, cust_ref: 'BAD-4', message: expect.stringContaining('marked bad'), data: records[3] },
    ]);

    const failed = await api().get(`/api/flows/${flowId}/runs/${run.id}/failed-records`);
    expect(failed.headers.get('content-type')).toContain('application/x-ndjson');
    expect(failed.headers.get('content-disposition')).toBe(`attachment; filename="run-${run.id}-failed-records.ndjson"`);
    expect(lines(failed.text)).toEqual([records[1], records[3]]);
  });

  it('the failed-records file, fixed and uploaded, runs through', async () => {
    const records = Array.from({ length: 6 }, (_, index) => ({ cust_ref: `R-${index + 1}`, bad: index % 2 === 0 }));
    await upload('six.ndjson', records);
    const first = await runToEnd(await flowFrom('six.ndjson', 'six'));
    expect(first).toMatchObject({ status: 'partial', written: 3, failed: 3 });
    const failed = await api().get(`/api/flows/${first.flowId}/runs/${first.id}/failed-records`);
    const fixed = (lines(failed.text) as Array<{ cust_ref: string; bad: boolean }>).map((record) => ({ ...record, bad: false }));
    expect(fixed.map((record) => record.cust_ref)).toEqual(['R-1', 'R-3', 'R-5']);
    await upload('six-fixed.ndjson', fixed);
    expect(await runToEnd(await flowFrom('six-fixed.ndjson', 'six-fixed'))).toMatchObject({ status: 'succeeded', written: 3, failed: 0 });
  });

  it('a run keeps its first 100 failed records in order and says how many more failed', async () => {
    const records = Array.from({ length: 160 }, (_, index) => ({ cust_ref: `M-${index + 1}`, bad: index >= 10 }));
    await upload('many.ndjson', records);
    const flowId = await flowFrom('many.ndjson', 'many');
    const run = await runToEnd(flowId);
    expect(run).toMatchObject({ status: 'partial', written: 10, failed: 150 });
    expect(run.errors).toHaveLength(100);
    expect(run.errors.map((error: { index: number }) => error.index)).toEqual(Array.from({ length: 100 }, (_, n) => n + 10));

    const errors = await api().get(`/api/flows/${flowId}/runs/${run.id}/errors`);
    expect(errors.headers.get('x-failed-not-listed')).toBe('50');
    const listed = lines(errors.text) as Array<{ record: number; cust_ref: string; data: unknown }>;
    expect(listed).toHaveLength(100);
    expect(listed[0]).toMatchObject({ record: 11, cust_ref: 'M-11', data: records[10] });
    expect(listed[99]).toMatchObject({ record: 110, cust_ref: 'M-110', data: records[109] });
    const failed = await api().get(`/api/flows/${flowId}/runs/${run.id}/failed-records`);
    expect(failed.headers.get('x-failed-not-listed')).toBe('50');
    expect(lines(failed.text)).toHaveLength(100);
  });

  it('a run that broke as a whole downloads its reason; an unknown run is 404', async () => {
    const made = await api().post('/api/flows', { integrationId, name: 'no source', source: fileStep('read', 'nowhere.ndjson'), destination: fileStep('write', 'x.ndjson') });
    const run = await runToEnd(made.body.id);
    expect(run.status).toBe('failed');
    const errors = await api().get(`/api/flows/${made.body.id}/runs/${run.id}/errors`);
    expect(lines(errors.text)).toEqual([{ message: expect.stringContaining('nowhere.ndjson') }]);
    expect((await api().get(`/api/flows/${made.body.id}/runs/${run.id}/failed-records`)).text).toBe('');
    const unknown = await api().get(`/api/flows/${made.body.id}/runs/no-such-run/failed-records`);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ error: 'not_found' });
  });
});
