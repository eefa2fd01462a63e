import Ajv2020 from 'ajv/dist/2020';
import { Container, ContainerModule } from 'inversify';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { TOKENS } from '../../src/contracts';
import type { OperationContribution } from '../../src/contracts';
import { CONNECTION_TOKENS } from '../../src/connection/connection-tokens';
import { CARTROVER_OPERATION, bindOperationsFeature } from '../../src/operations';

const SCHEMA_DIR = path.join(__dirname, '../../schemas/operations');

describe('operations feature', () => {
  function container(): Container {
    const result = new Container();
    result.bind(CONNECTION_TOKENS.ClientFactory).toConstantValue({ forConnection: () => undefined });
    result.bind(TOKENS.Clock).toConstantValue({ now: () => 0, sleep: async () => undefined });
    return result;
  }

  it('orders.create says which fields a record needs, ship_state for US addresses included', async () => {
    const c = container();
    await c.load(new ContainerModule((options) => bindOperationsFeature(options)));
    const create = c.getAll<OperationContribution>(CARTROVER_OPERATION).find((operation) => operation.id === 'orders.create')!;
    expect(create.description).toContain('cust_ref');
    expect(create.description).toMatch(/requires ship_state for US\b/);
  });

  it('multi-binds every operation, as singletons, next to other bindings of the token', async () => {
    const c = container();
    const other = { id: 'other', role: 'source' };
    c.bind(CARTROVER_OPERATION).toConstantValue(other);
    await c.load(new ContainerModule((options) => bindOperationsFeature(options)));
    const operations = c.getAll<OperationContribution>(CARTROVER_OPERATION);
    expect(operations.map((operation) => operation.id)).toEqual(['other', 'orders', 'inventory', 'products', 'orders.create', 'orders.update', 'orders.cancel']);
    expect(c.getAll<OperationContribution>(CARTROVER_OPERATION)[1]).toBe(operations[1]);
    for (const operation of operations.slice(1)) {
      expect(operation.name).not.toBe('');
      expect(operation.description).not.toBe('');
      expect(operation.role).toBe(operation.id.includes('.') ? 'destination' : 'source');
      if (operation.role === 'destination') expect(operation.batchSize).toBeGreaterThan(0);
    }
  });

  it('declares config schemas that compile under strict draft 2020-12, one file per operation', async () => {
    const c = container();
    await c.load(new ContainerModule((options) => bindOperationsFeature(options)));
    const operations = c.getAll<OperationContribution>(CARTROVER_OPERATION);
    const files = readdirSync(SCHEMA_DIR).sort();
    expect(files).toEqual(operations.map((operation) => `${operation.id}.schema.json`).sort());
    const ajv = new Ajv2020({ strict: true });
    for (const operation of operations) {
      expect(operation.configSchema).toEqual(JSON.parse(readFileSync(path.join(SCHEMA_DIR, `${operation.id}.schema.json`), 'utf8')));
      expect(ajv.validateSchema(operation.configSchema)).toBe(true);
      expect(ajv.compile(operation.configSchema)({})).toBe(true); // an empty config is valid: defaults apply
    }
  });
});
