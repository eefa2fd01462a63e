/**
 * Issue 15 point 3: every validation message a user of the page can see is a sentence about the
 * field's label: no schema keywords, no ids, no `null`. Each field's errors are triggered through
 * the REST API (the real CartRover plugin, the sandbox, the host's flow, integration and file
 * forms); `errors` stays machine-readable, `messages` carries the human text beside it.
 */
import type { ApiAnswer } from './support/host-harness';
import { useSandboxedHost } from './support/host-harness';

const USER = 'sentences-user';
const KEY = 'sentences-key-5Tq8Wm2Zr6';
const OTHER_USER = 'sentences-other';
const OTHER_KEY = 'sentences-key-9Hb3Kd7Pv1';

/** Ids and words of machines that must never reach a person. */
const FIELD_IDS = ['apiUser', 'apiKey', 'borrowConcurrencyFrom', 'concurrencyLevel', 'integrationId', 'connectionId', 'appId', 'toDate', 'fromDate', 'orderStatus', 'config'];
const MACHINE_WORDS = [/must match/i, /schema/i, /\//, /\bnull\b/, /\bundefined\b/, /\bmust be (string|integer|number|boolean|object)\b/, /\bconst\b/, /\benum\b/, /\badditionalProperties\b/, /\.\.\d/, /\[object/];

/** Problems with one message, or [] when it reads as a sentence for a person. */
function problemsOf(message: unknown, ids: readonly string[]): string[] {
  if (typeof message !== 'string' || message.trim() === '') return [`not text: ${JSON.stringify(message)}`];
  const problems: string[] = [];
  if (!/^[A-Z“"]/.test(message)) problems.push('does not start as a sentence');
  // Quoted examples ("*/15 * * * *", {"id": 1}) are what the user should type: not machine words.
  const unquoted = message.replace(/"[^"]*"|“[^”]*”|\{[^}]*\}/g, '""');
  for (const word of MACHINE_WORDS) if (word.test(unquoted)) problems.push(`has ${String(word)}`);
  for (const id of [...FIELD_IDS, ...ids]) if (message.includes(id)) problems.push(`names the id ${id}`);
  return problems;
}

/** Asserts a 422 whose `messages` cover `fields`, each a human sentence (and returns them). */
function expectSentences(answer: ApiAnswer, fields: readonly string[], ids: readonly string[] = []): Record<string, string> {
  expect(answer.status).toBe(422);
  const messages = (answer.body?.messages ?? {}) as Record<string, string>;
  expect(Object.keys(messages)).toEqual(expect.arrayContaining([...fields]));
  const bad = Object.entries(messages).flatMap(([field, message]) => problemsOf(message, ids).map((problem) => `${field}: "${message}" ${problem}`));
  expect(bad).toEqual([]);
  // The machine-readable field errors stay beside them, for the same fields.
  expect(Object.keys(answer.body.errors)).toEqual(expect.arrayContaining([...fields]));
  return messages;
}

describe('validation messages are sentences about the field, through the REST API', () => {
  const running = useSandboxedHost({ sandbox: {}, host: { masterKey: Buffer.alloc(32, 6).toString('base64') } }, 'host-sentences-');
  let lenderId: string;
  let integrationId: string;

  const api = () => running.api;
  const connectionValues = (values: Record<string, unknown>) => ({ appId: 'cartrover', values: { name: 'Sentences', apiUser: USER, apiKey: KEY, ...values } });

  beforeAll(async () => {
    running.sandbox.control.addUser({ apiUser: USER, apiKey: KEY, level: 'merchant' });
    running.sandbox.control.addUser({ apiUser: OTHER_USER, apiKey: OTHER_KEY, level: 'merchant' });
    const lender = await api().post('/api/connections', connectionValues({ name: 'Lender' }));
    expect(lender.status).toBe(201);
    lenderId = lender.body.connection.id;
    const integration = await api().post('/api/integrations', { name: 'Sentences' });
    integrationId = integration.body.id;
    expect((await api().put(`/api/integrations/${integrationId}/connections/register`, [lenderId])).status).toBe(200);
  });

  describe('the connection form (the plugin schema x-messages and the host checks)', () => {
    it('required fields', async () => {
      const messages = expectSentences(await api().post('/api/connections', { appId: 'cartrover', values: {} }), ['name', 'apiUser', 'apiKey']);
      expect(messages.apiUser).toMatch(/API user/);
      expect(messages.apiKey).toMatch(/API key/);
    });

    it('lengths, characters and types of the text fields', async () => {
      expectSentences(await api().post('/api/connections', connectionValues({ name: 'n'.repeat(201), apiUser: 'a:b', apiKey: 'k'.repeat(501) })), ['name', 'apiUser', 'apiKey']);
      // Numbers in text fields are taken as text; a key that is not text is refused.
      expectSentences(await api().post('/api/connections', connectionValues({ name: 'Typed', apiKey: true })), ['apiKey']);
    });

    it('the concurrency level, out of range and not a number', async () => {
      for (const level of [0, 26, 2.5, 'many', true]) {
        const messages = expectSentences(await api().post('/api/connections', connectionValues({ name: `Level ${String(level)}`, concurrencyLevel: level })), ['concurrencyLevel']);
        expect(messages.concurrencyLevel).toMatch(/Concurrency level/);
      }
    });

    it('the lender: unknown, itself, and a cycle (named by connection names)', async () => {
      expectSentences(await api().post('/api/connections', connectionValues({ name: 'Borrower x', borrowConcurrencyFrom: 'no-such-connection' })), ['borrowConcurrencyFrom'], ['no-such-connection']);
      expectSentences(await api().put(`/api/connections/${lenderId}`, { values: { borrowConcurrencyFrom: lenderId } }), ['borrowConcurrencyFrom'], [lenderId]);
      const borrower = await api().post('/api/connections', connectionValues({ name: 'Borrower', apiUser: OTHER_USER, apiKey: OTHER_KEY, borrowConcurrencyFrom: lenderId }));
      expect(borrower.status).toBe(201);
      const cycle = expectSentences(await api().put(`/api/connections/${lenderId}`, { values: { borrowConcurrencyFrom: borrower.body.connection.id } }), ['borrowConcurrencyFrom'], [lenderId, borrower.body.connection.id]);
      expect(cycle.borrowConcurrencyFrom).toMatch(/Lender|Borrower/);
    });

    it('a name taken, a mask with no key stored, a new API user with the old key', async () => {
      expectSentences(await api().post('/api/connections', connectionValues({ name: 'lender' })), ['name']);
      expectSentences(await api().post('/api/connections', connectionValues({ name: 'Masked', apiKey: '******' })), ['apiKey']);
      expectSentences(await api().put(`/api/connections/${lenderId}`, { values: { apiUser: OTHER_USER, apiKey: '******' } }), ['apiKey']);
    });

    it('the application, the integration and the edited connection a request names', async () => {
      expectSentences(await api().post('/api/connections', { appId: 'no-such-app', values: {} }), ['appId'], ['no-such-app']);
      expectSentences(await api().post('/api/connections', { ...connectionValues({ name: 'Registered' }), integrationId: 'gone' }), ['integrationId'], ['gone']);
      expectSentences(await api().post('/api/connections/test', { ...connectionValues({}), connectionId: 'gone' }), ['connectionId'], ['gone']);
    });

    it('"Test" answers the same sentences in its result', async () => {
      const tested = await api().post('/api/connections/test', { appId: 'cartrover', values: { name: '', apiUser: 'a:b', concurrencyLevel: 99 } });
      expect(tested.status).toBe(200);
      expect(tested.body.ok).toBe(false);
      const bad = Object.entries(tested.body.errors as Record<string, string>).flatMap(([field, message]) => problemsOf(message, []).map((problem) => `${field}: "${message}" ${problem}`));
      expect(Object.keys(tested.body.errors)).toEqual(expect.arrayContaining(['name', 'apiUser', 'concurrencyLevel']));
      expect(bad).toEqual([]);
    });
  });

  describe('the host forms', () => {
    const flow = (change: Record<string, unknown>) => ({
      integrationId,
      name: 'Orders to file',
      source: { appId: 'cartrover', connectionId: lenderId, operation: 'orders', config: {} },
      destination: { appId: 'file', operation: 'write', config: { name: 'out.ndjson' } },
      ...change,
    });

    it('integration names', async () => {
      expectSentences(await api().post('/api/integrations', { name: '  ' }), ['name']);
      expectSentences(await api().post('/api/integrations', { name: 'i'.repeat(1001) }), ['name']);
      expectSentences(await api().put(`/api/integrations/${integrationId}`, { name: '' }), ['name']);
    });

    it('flow name, integration, steps and schedule', async () => {
      expectSentences(await api().post('/api/flows', flow({ name: '' })), ['name']);
      expectSentences(await api().post('/api/flows', flow({ integrationId: 'gone' })), ['integrationId'], ['gone']);
      expectSentences(await api().post('/api/flows', flow({ source: { appId: 'nope', operation: 'orders' } })), ['source.appId'], ['nope']);
      expectSentences(await api().post('/api/flows', flow({ source: { appId: 'cartrover', connectionId: lenderId, operation: 'nope' } })), ['source.operation'], ['nope', lenderId]);
      expectSentences(await api().post('/api/flows', flow({ source: { appId: 'cartrover', connectionId: 'gone', operation: 'orders' } })), ['source.connectionId'], ['gone']);
      expectSentences(await api().post('/api/flows', flow({ source: { appId: 'cartrover', operation: 'orders' } })), ['source.connectionId']);
      expectSentences(await api().post('/api/flows', flow({ schedule: { enabled: true, kind: 'cron', cron: 'every day' } })), ['schedule']);
      expectSentences(await api().post('/api/flows', flow({ schedule: { enabled: true, kind: 'interval', every: 0, unit: 'minutes' } })), ['schedule']);
    });

    it('operation settings: the CartRover orders export and the file destination', async () => {
      const source = (config: Record<string, unknown>) => ({ source: { appId: 'cartrover', connectionId: lenderId, operation: 'orders', config } });
      const messages = expectSentences(await api().post('/api/flows', flow(source({ delta: true, toDate: '2024-01-01' }))), ['source.config.toDate']);
      expect(messages['source.config.toDate']).toMatch(/To date/);
      expectSentences(await api().post('/api/flows', flow(source({ orderStatus: 'lost', fromDate: 'yesterday', unknownSetting: 1 }))), ['source.config.orderStatus', 'source.config.fromDate']);
      expectSentences(await api().post('/api/flows', flow({ destination: { appId: 'file', operation: 'write', config: { name: '../escape' } } })), ['destination.config.name']);
      expectSentences(await api().post('/api/flows', flow({ destination: { appId: 'file', operation: 'write', config: {} } })), ['destination.config.name']);
    });

    it('file names and file contents', async () => {
      const named = await api().request('PUT', '/api/files/..hidden', '{"a":1}\n', { 'content-type': 'application/x-ndjson' });
      expectSentences(named, ['name']);
      const content = await api().request('PUT', '/api/files/orders.ndjson', '{"a":1}\nnot json\n[1]\n', { 'content-type': 'application/x-ndjson' });
      const messages = expectSentences(content, ['line 2', 'line 3']);
      expect(messages['line 2']).toMatch(/^Line 2/);
    });
  });
});
