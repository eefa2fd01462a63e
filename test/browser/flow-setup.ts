/** Sets up, over the REST API, what a run test needs: a connection, an integration, a file and a flow. */
import { DEMO_USERS } from '../../sandbox/src';
import { importableOrder } from '../support/importable-order';
import type { Page } from 'playwright-core';
import type { Stack } from './harness';

const merchant = DEMO_USERS.find((user) => user.level === 'merchant')!;

export async function uploadFile(stack: Stack, name: string, text: string): Promise<void> {
  const response = await fetch(`${stack.baseUrl}/api/files/${encodeURIComponent(name)}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${stack.host.token}`, 'content-type': 'application/x-ndjson' },
    body: text,
  });
  if (!response.ok) throw new Error(`upload of ${name} answered ${response.status}: ${await response.text()}`);
}

/** NDJSON of `count` importable orders `<prefix>-1` … */
export function ordersFile(prefix: string, count: number): string {
  return Array.from({ length: count }, (_, index) => JSON.stringify(importableOrder(`${prefix}-${index + 1}`))).join('\n') + '\n';
}

/** A CartRover connection and an integration holding it (once per stack). */
export async function shopIntegration(stack: Stack, name = 'Shop'): Promise<{ integrationId: string; connectionId: string }> {
  const connection = await stack.api<{ connection: { id: string } }>('POST', '/api/connections', { appId: 'cartrover', values: { name: `${name} connection`, apiUser: merchant.apiUser, apiKey: merchant.apiKey } });
  if (connection.status !== 201) throw new Error(`connection: ${connection.status}`);
  const integration = await stack.api<{ id: string }>('POST', '/api/integrations', { name });
  await stack.api('PUT', `/api/integrations/${integration.data.id}/connections/register`, [connection.data.connection.id]);
  return { integrationId: integration.data.id, connectionId: connection.data.connection.id };
}

/** A flow file `read` -> CartRover `orders.create`; returns its id. */
export async function importFlow(stack: Stack, shop: { integrationId: string; connectionId: string }, name: string, file: string, extra: Record<string, unknown> = {}): Promise<string> {
  const created = await stack.api<{ id: string }>('POST', '/api/flows', {
    integrationId: shop.integrationId,
    name,
    source: { appId: 'file', operation: 'read', config: { name: file } },
    destination: { appId: 'cartrover', connectionId: shop.connectionId, operation: 'orders.create', config: {} },
    ...extra,
  });
  if (created.status !== 201) throw new Error(`flow: ${created.status} ${JSON.stringify(created.data)}`);
  return created.data.id;
}

/** What `fillFlowEditor` types: a file source, and a file or CartRover destination. */
export interface FlowEditorEntry {
  readonly integrationId: string;
  readonly name: string;
  /** The uploaded file the source reads (left unchosen when absent). */
  readonly sourceFile?: string;
  readonly destination: { readonly appId: string; readonly operation: string; readonly file?: string; readonly connectionId?: string };
}

/** Fills the flows view's editor as a person would, in the form's order (each choice re-draws the fields after it); does not submit. */
export async function fillFlowEditor(page: Page, flow: FlowEditorEntry): Promise<void> {
  await page.locator('[name="flow.integrationId"]').selectOption(flow.integrationId);
  await page.locator('[name="flow.name"]').fill(flow.name);
  await page.locator('[name="source.appId"]').selectOption('file');
  await page.locator('[name="source.operation"]').selectOption('read');
  if (flow.sourceFile !== undefined) await page.locator('[name="source.config.name"]').selectOption(flow.sourceFile);
  await page.locator('[name="destination.appId"]').selectOption(flow.destination.appId);
  await page.locator('[name="destination.operation"]').selectOption(flow.destination.operation);
  if (flow.destination.file !== undefined) await page.locator('[name="destination.config.name"]').fill(flow.destination.file);
  if (flow.destination.connectionId !== undefined) await page.locator('[name="destination.connectionId"]').selectOption(flow.destination.connectionId);
}
