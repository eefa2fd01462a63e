import type { SandboxServer } from '../../../sandbox/src';
import { importableOrder } from '../../support/importable-order';
import type { ApiClient } from './host-harness';

export interface ImportFlow {
  readonly flowId: string;
  readonly connectionId: string;
  readonly custRefs: readonly string[];
}

/**
 * A CartRover connection of `level`, an NDJSON file of `count` orders (`<prefix>-0`…) and a flow
 * file -> CartRover `orders.create`, made through the REST API as a user would.
 */
export async function createImportFlow(api: ApiClient, sandbox: SandboxServer, options: { prefix: string; count: number; level: number }): Promise<ImportFlow> {
  const apiUser = `${options.prefix.toLowerCase()}-user`;
  const apiKey = `${options.prefix.toLowerCase()}-key-12345678`;
  sandbox.control.addUser({ apiUser, apiKey, level: 'merchant' });
  const integration = (await api.post('/api/integrations', { name: `${options.prefix} integration` })).body as { id: string };
  const connection = await api.post('/api/connections', {
    appId: 'cartrover',
    integrationId: integration.id,
    values: { name: `${options.prefix} connection`, apiUser, apiKey, concurrencyLevel: options.level },
  });
  if (connection.status !== 201) throw new Error(`connection not created: ${connection.text}`);
  const custRefs = Array.from({ length: options.count }, (_, index) => `${options.prefix}-${index}`);
  const file = `${options.prefix.toLowerCase()}.ndjson`;
  const put = await api.request('PUT', `/api/files/${file}`, custRefs.map((ref) => JSON.stringify(importableOrder(ref))).join('\n'), { 'content-type': 'application/x-ndjson' });
  if (put.status !== 200) throw new Error(`file not stored: ${put.text}`);
  const flow = await api.post('/api/flows', {
    integrationId: integration.id,
    name: `Import ${file}`,
    source: { appId: 'file', operation: 'read', config: { name: file } },
    destination: { appId: 'cartrover', connectionId: connection.body.connection.id, operation: 'orders.create', config: {} },
  });
  if (flow.status !== 201) throw new Error(`flow not created: ${flow.text}`);
  return { flowId: flow.body.id as string, connectionId: connection.body.connection.id as string, custRefs };
}
