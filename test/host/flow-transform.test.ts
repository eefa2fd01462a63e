import { useTestHost } from './support/host-harness';

/** Issue 24 point 7: a flow's JSONata transform over REST (checked with its position, previewed). */
describe('REST: a flow carries a JSONata transform', () => {
  const running = useTestHost({ masterKey: Buffer.alloc(32, 3).toString('base64') }, 'host-transform-');
  let integrationId: string;

  beforeAll(async () => {
    integrationId = (await running.api.post('/api/integrations', { name: 'Mapping' })).body.id;
    await running.api.request('PUT', '/api/files/in.ndjson', '{"order_number":"A-1","status":"new"}\n', { 'content-type': 'application/x-ndjson' });
  });

  const fileStep = (operation: 'read' | 'write', name: string) => ({ appId: 'file', operation, config: { name } });
  const flowBody = (transform: unknown) => ({ integrationId, name: `Mapped ${Math.random()}`, source: fileStep('read', 'in.ndjson'), destination: fileStep('write', 'out.ndjson'), transform });

  it('a bad expression is 422 with a sentence naming the position; nothing is saved', async () => {
    const before = (await running.api.get('/api/flows')).body.length;
    const bad = await running.api.post('/api/flows', flowBody('{ "cust_ref": order_number '));
    expect(bad.status).toBe(422);
    expect(bad.body.messages.transform).toMatch(/^The transform is not a valid JSONata expression: .+ \(at character \d+/);
    expect((await running.api.get('/api/flows')).body).toHaveLength(before);
    const empty = await running.api.post('/api/flows', flowBody('  '));
    expect(empty.status).toBe(422);
    expect(empty.body.messages.transform).toContain('The transform is empty');
    const notText = await running.api.post('/api/flows', flowBody(42));
    expect(notText.status).toBe(422);
  });

  it('a good expression is stored, shown, kept by an edit that leaves it out and removed with null', async () => {
    const transform = '{ "cust_ref": order_number, "note": "from " & status }';
    const made = await running.api.post('/api/flows', flowBody(transform));
    expect(made.status).toBe(201);
    expect(made.body.transform).toBe(transform);
    const id = made.body.id;
    const kept = await running.api.put(`/api/flows/${id}`, { name: made.body.name, source: made.body.source, destination: made.body.destination });
    expect(kept.status).toBe(200);
    expect(kept.body.transform).toBe(transform);
    const removed = await running.api.put(`/api/flows/${id}`, { name: made.body.name, source: made.body.source, destination: made.body.destination, transform: null });
    expect(removed.body.transform).toBeUndefined();
    const badEdit = await running.api.put(`/api/flows/${id}`, { name: made.body.name, source: made.body.source, destination: made.body.destination, transform: '$foo(' });
    expect(badEdit.status).toBe(422);
    expect(badEdit.body.messages.transform).toContain('at character');
  });

  it('the preview shows what the expression makes of a sample record, or that it drops it', async () => {
    const made = await running.api.post('/api/flows/transform-preview', { transform: '{ "cust_ref": order_number, "lines": $count(items) }', record: { order_number: 'B-7', items: [1, 2] } });
    expect(made.status).toBe(200);
    expect(made.body).toEqual({ outcome: 'record', record: { cust_ref: 'B-7', lines: 2 } });
    const dropped = await running.api.post('/api/flows/transform-preview', { transform: 'status = "new" ? $ : undefined', record: { status: 'shipped' } });
    expect(dropped.body.outcome).toBe('dropped');
    const notARecord = await running.api.post('/api/flows/transform-preview', { transform: 'order_number', record: { order_number: 'C-1' } });
    expect(notARecord.body).toMatchObject({ outcome: 'failed' });
    expect(notARecord.body.message).toContain('a string, not a record');
    const bad = await running.api.post('/api/flows/transform-preview', { transform: '$$$(', record: {} });
    expect(bad.status).toBe(422);
    expect(bad.body.messages.transform).toContain('at character');
  });

  it('a run applies the transform to each record: shaped records are written, dropped ones skipped, a failing one fails', async () => {
    await running.api.request('PUT', '/api/files/mixed.ndjson', [
      '{"order_number":"M-1","status":"new"}',
      '{"order_number":"M-2","status":"shipped"}',
      '{"order_number":"M-3","status":"new","qty":"many"}',
      '{"order_number":"M-4","status":"new"}',
    ].join('\n') + '\n', { 'content-type': 'application/x-ndjson' });
    const transform = 'status = "new" ? { "cust_ref": order_number, "quantity": $exists(qty) ? $number(qty) : 1 } : undefined';
    const made = await running.api.post('/api/flows', { integrationId, name: 'Mapped run', source: fileStep('read', 'mixed.ndjson'), destination: fileStep('write', 'mapped-out.ndjson'), transform });
    expect(made.status).toBe(201);
    const started = await running.api.post(`/api/flows/${made.body.id}/run`);
    const run = (await running.api.waitForRun(made.body.id, started.body.runId)).body;
    expect(run).toMatchObject({ status: 'partial', read: 4, written: 2, skipped: 1, failed: 1 });
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0].message).toMatch(/^The transform failed: .*at character \d+/);
    const written = (await running.api.get('/api/files/mapped-out.ndjson')).text.trim().split('\n').map((line: string) => JSON.parse(line));
    expect(written).toEqual([{ cust_ref: 'M-1', quantity: 1 }, { cust_ref: 'M-4', quantity: 1 }]);
    // The download numbers the failed record as the page does (the third line of the file is record 3) and holds it as read, before the transform.
    const download = (await running.api.get(`/api/flows/${made.body.id}/runs/${started.body.runId}/errors`)).text.trim().split('\n').map((line: string) => JSON.parse(line));
    expect(download).toEqual([{ record: 3, message: run.errors[0].message, data: { order_number: 'M-3', status: 'new', qty: 'many' } }]);
  });
});
