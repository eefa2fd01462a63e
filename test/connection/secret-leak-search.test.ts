import { inspect } from 'node:util';
import type { SandboxServer } from '../../sandbox/src';
import { DEMO_USERS, startSandbox } from '../../sandbox/src';
import type { ConnectionFormContribution } from '../../src/contracts';
import { CONNECTION_TOKENS } from '../../src/connection/connection-tokens';
import type { ConnectionClientFactory } from '../../src/connection/connection-client-factory';
import { storedConnection } from '../forms/connection-fixtures';
import { createHarness } from './connection-test-harness';

/** A key distinctive enough that any occurrence is a leak, valid in the sandbox. */
const KEY = 'k3y-9f8e7d6c5b4a-LEAK-CANARY';
const USER = 'leak-merchant';

describe('the API key never leaks', () => {
  let sandbox: SandboxServer;
  const sandboxLog: string[] = [];

  beforeAll(async () => {
    sandbox = await startSandbox({
      seed: { orders: 0, skus: 2 },
      users: [...DEMO_USERS.map((user) => ({ ...user })), { apiUser: USER, apiKey: KEY, level: 'merchant' }],
      log: (line) => sandboxLog.push(line),
    });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('is absent from logs, errors, results, rendered forms and serialized objects', async () => {
    const harness = await createHarness(sandbox.url, { requestMs: 300, acquireMs: 100 });
    const form = harness.container.get<ConnectionFormContribution>(CONNECTION_TOKENS.ConnectionForm);
    const factory = harness.container.get<ConnectionClientFactory>(CONNECTION_TOKENS.ClientFactory);
    const stored = storedConnection('c1', { name: 'Leaky', apiUser: USER });
    harness.directory.put(stored, KEY);
    await harness.pools.configure('c1', 2);
    await harness.pools.bind('c1', 'c1');

    const seen: unknown[] = [];
    const values = { name: 'Leak test', apiUser: USER, apiKey: KEY };
    // Success, then every failure style, with the key in the values.
    seen.push(await harness.handler.test({ values }));
    seen.push(await harness.handler.test({ connectionId: 'c1', values: { ...stored.values, apiKey: KEY } }));
    seen.push(await harness.handler.test({ connectionId: 'c1', values: { ...stored.values, apiKey: KEY }, validated: true }));
    seen.push(await harness.handler.test({ connectionId: 'c1', values: { ...stored.values } }));
    for (const fault of ['http500', 'html502', 'reset', 'rate_limit'] as const) {
      sandbox.control.injectFault({ kind: fault, count: 1 });
      seen.push(await harness.handler.test({ values }));
    }
    sandbox.control.injectFault({ kind: 'timeout', count: 1, hangMs: 800 });
    seen.push(await harness.handler.test({ values }));
    sandbox.control.setStyles({ authFailureStyle: 'status401' });
    seen.push(await harness.handler.test({ values: { ...values, apiUser: 'demo-merchant' } }));
    sandbox.control.setStyles({ authFailureStyle: 'body200' });
    seen.push(await harness.handler.test({ values: { ...values, name: '' } }));
    harness.settings.set('CARTROVER_BASE_URL', 'http://127.0.0.1:1');
    seen.push(await harness.handler.test({ values }));
    harness.settings.set('CARTROVER_BASE_URL', sandbox.url);

    // Errors thrown by clients the factory builds.
    sandbox.control.injectFault({ kind: 'http500', count: 5 });
    for (const client of [factory.forConnection('c1', { timeoutMs: 300 }), factory.forValues(values, { timeoutMs: 300 })]) {
      seen.push(await client.ping().catch((error: unknown) => error));
      seen.push(client);
    }
    sandbox.control.clearFaults();

    // Rendered forms and validation results of create and update. By contract a rendered form's
    // `jsonForms.data` hands back the secret its caller typed (so JSON Forms keeps it across
    // re-renders); `fields` never show it, and a stored key is never rendered at all.
    const typedBack = (rendered: ReturnType<typeof form.render>): unknown => {
      expect(rendered.jsonForms.data.apiKey).toBe(KEY);
      expect(JSON.stringify(rendered.fields)).not.toContain(KEY);
      return { ...rendered, jsonForms: { ...rendered.jsonForms, data: { ...rendered.jsonForms.data, apiKey: undefined } } };
    };
    seen.push(typedBack(form.render(values, { connections: [] })));
    seen.push(typedBack(form.render(values, { connectionId: 'c1', connections: [stored] })));
    seen.push(form.render({ ...values, apiKey: undefined }, { connectionId: 'c1', connections: [stored] }));
    seen.push(form.validate({ ...values, name: '' }, { connections: [] }));
    seen.push(typedBack(form.render({ ...values, concurrencyLevel: 'bad' }, { connections: [] })));

    const haystacks = [
      ...seen.map((item) => JSON.stringify(item) ?? ''),
      ...seen.map((item) => inspect(item, { depth: 8, showHidden: true })),
      ...seen.filter((item): item is Error => item instanceof Error).map((error) => `${error.message}\n${error.stack}`),
      ...harness.logger.lines,
      ...sandboxLog,
      harness.directory.storedText(),
    ];
    expect(seen.filter((item) => item instanceof Error)).toHaveLength(2);
    for (const text of haystacks) {
      expect(text).not.toContain(KEY);
      expect(text).not.toContain(Buffer.from(`${USER}:${KEY}`).toString('base64'));
    }
    // The searches above were not vacuous: the logs were written, and what is at rest is the key
    // itself, encrypted for its connection (so "not in the stored text" means "never in clear").
    expect(harness.logger.lines.length).toBeGreaterThan(0);
    const atRest = JSON.parse(harness.directory.storedText()) as string[];
    expect(atRest).toHaveLength(1);
    expect(harness.directory.cipher?.decrypt(atRest[0]!, 'c1')).toBe(KEY);
  });
});
