import { startSandbox } from '@cartrover/sandbox';
import type { SandboxServer } from '@cartrover/sandbox';
import cartroverNodes from '../../node-red/src/cartrover';
import { helper } from './support/node-red-helper';

/*
 * The connection dialog's admin endpoints in the real Node-RED runtime: the plugin renders the form
 * over the editor's connection nodes (deployed or not), and Test runs with the dialog's values, the
 * deployed key standing in when the key was left unchanged. The key is never answered.
 */
const SHOP = { apiUser: 'demo-merchant', apiKey: 'demo-merchant-key' };
const EDITOR_CONNECTIONS = [
  { id: 'shop', name: 'Shop', borrowConcurrencyFrom: '', concurrencyLevel: '4' },
  { id: 'draft', name: 'Not deployed yet', borrowConcurrencyFrom: '', concurrencyLevel: '' },
  { id: 'cart', name: 'Cart', borrowConcurrencyFrom: '', concurrencyLevel: '' },
];

interface Field {
  id: string;
  label: string;
  visible: boolean;
  value: string;
  options?: Array<{ value: string; label: string }>;
}

describe('the connection dialog endpoints', () => {
  let sandbox: SandboxServer;

  beforeAll(async () => {
    sandbox = await startSandbox({ seed: false });
    helper.settings({ cartrover: { baseUrl: sandbox.url } });
    await helper.load(cartroverNodes, [{ id: 'shop', type: 'cartrover-connection', name: 'Shop', borrowConcurrencyFrom: '', concurrencyLevel: '4' }], { shop: SHOP });
  });

  afterAll(async () => {
    await helper.unload();
    await sandbox.close();
  });

  const render = (body: unknown) => helper.request().post('/cartrover/connection-form').send(body);
  const test = (body: unknown) => helper.request().post('/cartrover/connection-test').send(body);
  const fieldsOf = (body: Record<string, unknown>) => new Map((body.fields as Field[]).map((field) => [field.id, field]));

  it('renders the plugin\'s form: the lender list is the editor\'s other connections; a lender hides the level and shows the pool note', async () => {
    const plain = await render({ connectionId: 'cart', values: { name: 'Cart', apiUser: 'demo-cart', apiKey: '', borrowConcurrencyFrom: '', concurrencyLevel: '' }, connections: EDITOR_CONNECTIONS });
    expect(plain.status).toBe(200);
    const fields = fieldsOf(plain.body);
    expect([...fields.keys()]).toEqual(['name', 'apiUser', 'apiKey', 'borrowConcurrencyFrom', 'concurrencyPool', 'concurrencyLevel']);
    expect(fields.get('borrowConcurrencyFrom')!.options!.map((option) => option.value)).toEqual(['', 'draft', 'shop']); // by name
    expect(fields.get('concurrencyLevel')!.visible).toBe(true);
    expect(fields.get('concurrencyPool')!.visible).toBe(false);

    const borrowing = fieldsOf((await render({ connectionId: 'cart', values: { name: 'Cart', apiUser: 'demo-cart', borrowConcurrencyFrom: 'shop' }, connections: EDITOR_CONNECTIONS })).body);
    expect(borrowing.get('concurrencyLevel')!.visible).toBe(false);
    expect(borrowing.get('concurrencyPool')!.visible).toBe(true);
    expect(borrowing.get('concurrencyPool')!.value).toBe('Shares concurrency with Shop: level 4');
  });

  it('shows a deployed key as the mask and never answers it', async () => {
    const answer = await render({ connectionId: 'shop', values: { name: 'Shop', apiUser: 'demo-merchant', apiKey: '__PWRD__' }, connections: EDITOR_CONNECTIONS });
    expect(fieldsOf(answer.body).get('apiKey')!.value).toBe('******');
    expect(JSON.stringify(answer.body)).not.toContain(SHOP.apiKey);
  });

  it('tests the dialog\'s values: a wrong key gives the verdict sentence, an unchanged key uses the deployed one', async () => {
    const wrong = await test({ connectionId: 'cart', values: { name: 'Cart', apiUser: 'demo-cart', apiKey: 'not-the-key' }, connections: EDITOR_CONNECTIONS });
    expect(wrong.status).toBe(200);
    expect(wrong.body).toMatchObject({ ok: false, kind: 'auth' });
    expect(String(wrong.body.message)).not.toContain('not-the-key');

    const unchanged = await test({ connectionId: 'shop', values: { name: 'Shop', apiUser: 'demo-merchant', apiKey: '__PWRD__', concurrencyLevel: '4' }, connections: EDITOR_CONNECTIONS });
    expect(unchanged.body).toMatchObject({ ok: true });

    // A new API user with the old key: the form asks for the new user's key, before any request.
    const newUser = await test({ connectionId: 'shop', values: { name: 'Shop', apiUser: 'demo-cart', apiKey: '__PWRD__' }, connections: EDITOR_CONNECTIONS });
    expect(newUser.body).toMatchObject({ ok: false, kind: 'config' });
    expect(Object.keys(newUser.body.errors as object)).toEqual(['apiKey']);
  });

  it('answers 400 with a sentence for a body that is not a dialog request', async () => {
    const answer = await render({ values: 'nope' });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ error: 'bad_request', message: expect.stringContaining('values must be an object') });
  });
});
