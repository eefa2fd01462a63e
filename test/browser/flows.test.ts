/**
 * Integrations, the flow editor (a connection created from a flow step with "+"), the files panel
 * and a flow run, in a real headless Chromium against the real host and the CartRover sandbox.
 */
import type { Page } from 'playwright-core';
import { DEMO_USERS } from '../../sandbox/src';
import { describeWithChromium } from './chromium';
import { goToView, useBrowserSuite } from './harness';

const merchant = DEMO_USERS.find((user) => user.level === 'merchant')!;

interface IntegrationView {
  id: string;
  name: string;
  connectionIds: string[];
}

interface ConnectionView {
  id: string;
  name: string;
  offline: boolean;
}

interface RunView {
  status: string;
  read: number;
  written: number;
  failed: number;
}

function orders(prefix: string): string {
  return [1, 2, 3]
    .map((n) => JSON.stringify({
      cust_ref: `${prefix}-${n}`,
      ship_first_name: 'Ada',
      ship_last_name: `Buyer ${n}`,
      ship_address_1: `${n} Main Street`,
      ship_city: 'Springfield',
      ship_state: 'IL',
      ship_zip: '62701',
      ship_country: 'US',
      items: [{ item: 'CIO-1001', quantity: n }],
    }))
    .join('\n');
}

async function selectedText(page: Page, selector: string): Promise<string> {
  return page.locator(selector).evaluate((select: HTMLSelectElement) => select.selectedOptions[0]?.textContent ?? '');
}

describeWithChromium('web page: integrations, flows and runs', (executablePath) => {
  const suite = useBrowserSuite(executablePath, { pagePer: 'block' });

  it('creates an integration', async () => {
    await goToView(suite.page, 'integrations');
    await suite.page.locator('#new-integration-name').fill('Web shop');
    await suite.page.getByRole('button', { name: 'Create integration', exact: true }).click();
    await suite.page.locator('[data-testid="integration"][data-integration-name="Web shop"]').waitFor();
    const integrations = (await suite.stack.api<IntegrationView[]>('GET', '/api/integrations')).data;
    expect(integrations.map((i) => i.name)).toEqual(['Web shop']);
    // The flow editor picks the new integration.
    await goToView(suite.page, 'flows');
    expect(await suite.page.locator('[name="flow.integrationId"]').inputValue()).toBe(integrations[0]!.id);
  });

  it('creates a connection from a flow step with "+": applied to the step and registered to the integration', async () => {
    await goToView(suite.page, 'flows');
    await suite.page.locator('[name="destination.appId"]').selectOption('cartrover');
    await suite.page.locator('[name="destination.operation"]').selectOption('orders.create');
    await suite.page.getByRole('button', { name: 'New destination connection' }).click();
    const d = suite.page.getByRole('dialog', { name: 'New connection' });
    await d.locator('[name="name"]').waitFor({ state: 'visible' });
    expect(await d.locator('[data-testid="connection-dialog-context"]').textContent()).toContain('Web shop');
    await d.locator('[name="name"]').fill('Shop orders');
    // Merchant-level keys: they pass Test (merchant inventory) and create orders on the cart routes.
    await d.locator('[name="apiUser"]').fill(merchant.apiUser);
    await d.locator('[name="apiKey"]').fill(merchant.apiKey);
    await d.getByRole('button', { name: 'Save', exact: true }).click();
    await d.waitFor({ state: 'hidden' });

    const created = (await suite.stack.api<ConnectionView[]>('GET', '/api/connections')).data.find((c) => c.name === 'Shop orders')!;
    expect(created).toBeDefined();
    expect(created.offline).toBe(false);
    await suite.page.waitForFunction((id) => (document.querySelector('[name="destination.connectionId"]') as HTMLSelectElement).value === id, created.id);
    expect(await selectedText(suite.page, '[name="destination.connectionId"]')).toContain('Shop orders');
    const integration = (await suite.stack.api<IntegrationView[]>('GET', '/api/integrations')).data[0]!;
    expect(integration.connectionIds).toContain(created.id);
    await goToView(suite.page, 'integrations');
    await suite.page.locator(`[data-testid="integration"][data-integration-id="${integration.id}"] [data-testid="registered-connection"][data-connection-id="${created.id}"]`).waitFor();
  });

  async function createFlow(name: string, destination: { appId: string; operation: string; file?: string; connectionId?: string }): Promise<string> {
    await goToView(suite.page, 'flows');
    await suite.page.locator('[name="source.appId"]').selectOption('file');
    await suite.page.locator('[name="source.operation"]').selectOption('read');
    // The source file is picked from the uploaded files.
    await suite.page.locator('[name="source.config.name"]').selectOption('orders.ndjson');
    await suite.page.locator('[name="destination.appId"]').selectOption(destination.appId);
    await suite.page.locator('[name="destination.operation"]').selectOption(destination.operation);
    if (destination.file !== undefined) await suite.page.locator('[name="destination.config.name"]').fill(destination.file);
    if (destination.connectionId !== undefined) await suite.page.locator('[name="destination.connectionId"]').selectOption(destination.connectionId);
    await suite.page.locator('[name="flow.name"]').fill(name);
    await suite.page.getByRole('button', { name: 'Create flow', exact: true }).click();
    const flowRow = suite.page.locator(`[data-testid="flow-row"][data-flow-name="${name}"]`);
    const refused = suite.page.locator('[data-testid="flow-form-message"][data-kind="error"]');
    await Promise.race([flowRow.waitFor(), refused.waitFor()]);
    if (await refused.isVisible()) throw new Error(`The page refused the flow: ${await refused.textContent()}`);
    return (await flowRow.getAttribute('data-flow-id'))!;
  }

  /** Runs the flow from its row, waits until the page shows the run finished, and reads what it shows. */
  async function runFromPage(flowId: string): Promise<{ shown: RunView & { message: string | null }; run: RunView & { message?: string } }> {
    const flowRow = suite.page.locator(`[data-testid="flow-row"][data-flow-id="${flowId}"]`);
    await flowRow.getByRole('button', { name: 'Run', exact: true }).click();
    await suite.page.waitForFunction(
      (id) => {
        const s = document.querySelector(`[data-flow-id="${id}"] [data-testid="flow-run-status"]`)?.getAttribute('data-status');
        return Boolean(s) && s !== 'running';
      },
      flowId,
      { timeout: 30000 },
    );
    const status = flowRow.locator('[data-testid="flow-run-status"]');
    const count = async (id: string): Promise<number> => Number(await status.locator(`[data-testid="${id}"]`).getAttribute('data-count'));
    const message = status.locator('[data-testid="flow-run-message"]');
    const shown = {
      status: (await status.getAttribute('data-status'))!,
      read: await count('run-read'),
      written: await count('run-written'),
      failed: await count('run-failed'),
      message: (await message.count()) > 0 ? await message.textContent() : null,
    };
    const runs = (await suite.stack.api<(RunView & { message?: string })[]>('GET', `/api/flows/${flowId}/runs`)).data;
    return { shown, run: runs[0]! };
  }

  it('uploads NDJSON and runs a file -> file flow, showing read 3 / written 3', async () => {
    await goToView(suite.page, 'files');
    await suite.page.locator('[name="file.name"]').fill('orders.ndjson');
    await suite.page.locator('[name="file.content"]').fill(orders(`WEB-${Date.now()}`));
    await suite.page.getByRole('button', { name: 'Save file', exact: true }).click();
    await suite.page.locator('[data-testid="file-message"][data-kind="success"]').waitFor();

    const flowId = await createFlow('Copy orders', { appId: 'file', operation: 'write', file: 'copy.ndjson' });
    const { shown } = await runFromPage(flowId);
    expect(shown).toEqual({ status: 'succeeded', read: 3, written: 3, failed: 0, message: null });
    expect(await suite.page.locator(`[data-flow-id="${flowId}"] [data-testid="flow-run-status"]`).textContent()).toContain('read 3 · written 3 · failed 0');

    // The written file can be loaded back in the files view.
    await goToView(suite.page, 'files');
    await suite.page.locator('[name="file.name"]').fill('copy.ndjson');
    await suite.page.getByRole('button', { name: 'Open stored file', exact: true }).click();
    await suite.page.locator('[data-testid="file-message"]', { hasText: 'Loaded' }).waitFor();
    expect((await suite.page.locator('[name="file.content"]').inputValue()).trim().split('\n')).toHaveLength(3);
  });

  it('runs a file -> CartRover orders.create flow with the connection made from the step, and shows its counts', async () => {
    const connection = (await suite.stack.api<ConnectionView[]>('GET', '/api/connections')).data.find((c) => c.name === 'Shop orders')!;
    const flowId = await createFlow('Orders to CartRover', { appId: 'cartrover', operation: 'orders.create', connectionId: connection.id });
    expect(await suite.page.locator('[name="destination.connectionId"]').inputValue()).toBe(connection.id);
    const flow = (await suite.stack.api<{ destination: { connectionId?: string } }>('GET', `/api/flows/${flowId}`)).data;
    expect(flow.destination.connectionId).toBe(connection.id);

    const { shown, run } = await runFromPage(flowId);
    // The page shows exactly what the host recorded.
    expect(shown).toEqual({ status: run.status, read: run.read, written: run.written, failed: run.failed, message: run.message ?? null });
    expect(shown).toEqual({ status: 'succeeded', read: 3, written: 3, failed: 0, message: null });
  });
});
