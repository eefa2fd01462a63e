/**
 * The README's screenshots of the page, taken in real headless Chromium at 1280x800 and at a
 * phone's 390x844, of a host set up as the README describes (a connection with a borrower, an
 * integration, an orders file, a flow that ran). `npm run screenshots` writes them into
 * docs/screenshots/ (README_SCREENSHOTS=write); `npm test` takes them into a temporary folder,
 * checks each shows what its caption says, and checks that the committed ones are the README's
 * and small.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { DEMO_USERS } from '../../sandbox/src';
import { PROJECT_ROOT } from '../support/temp-plugin';
import { waitFor } from '../support/wait-for';
import { describeWithChromium } from './chromium';
import { importFlow, ordersFile, uploadFile } from './flow-setup';
import { goToView, openApp, startStack } from './harness';
import type { AppPage, Stack } from './harness';

const merchant = DEMO_USERS.find((user) => user.level === 'merchant')!;
const COMMITTED = path.join(PROJECT_ROOT, 'docs', 'screenshots');
/** The README's images: file name and what the picture must show. */
const SHOTS = ['connections.png', 'connection-dialog.png', 'flows.png', 'files.png', 'phone-flows.png'] as const;
const MAX_BYTES = 200 * 1024;

/** A PNG's width and height (its IHDR chunk). */
function pngSize(file: string): { width: number; height: number } {
  const bytes = readFileSync(file);
  expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describeWithChromium('README screenshots of the page', (executablePath) => {
  const writing = process.env.README_SCREENSHOTS === 'write';
  const folder = writing ? COMMITTED : mkdtempSync(path.join(tmpdir(), 'readme-shots-'));
  let stack: Stack;
  let app: AppPage;
  let page: Page;

  const shot = async (name: (typeof SHOTS)[number]): Promise<void> => {
    // No caret or hover left over: the picture is what a person sees at rest.
    await page.mouse.move(0, 0);
    await page.screenshot({ path: path.join(folder, name), animations: 'disabled', caret: 'hide' });
  };

  beforeAll(async () => {
    stack = await startStack(executablePath);
    const main = await stack.api<{ connection: { id: string } }>('POST', '/api/connections', { appId: 'cartrover', values: { name: 'Main store', apiUser: merchant.apiUser, apiKey: merchant.apiKey, concurrencyLevel: 8 } });
    const outlet = await stack.api<{ connection: { id: string } }>('POST', '/api/connections', { appId: 'cartrover', values: { name: 'Outlet store', apiUser: merchant.apiUser, apiKey: merchant.apiKey, borrowConcurrencyFrom: main.data.connection.id } });
    const integration = await stack.api<{ id: string }>('POST', '/api/integrations', { name: 'Web shop' });
    await stack.api('PUT', `/api/integrations/${integration.data.id}/connections/register`, [main.data.connection.id, outlet.data.connection.id]);
    await uploadFile(stack, 'orders.ndjson', `${ordersFile(`DEMO-${Date.now()}`, 11)}{"cust_ref":"DEMO-MISSING-ADDRESS"}\n`);
    await uploadFile(stack, 'returns.ndjson', ordersFile(`RET-${Date.now()}`, 2));
    const flowId = await importFlow(stack, { integrationId: integration.data.id, connectionId: main.data.connection.id }, 'Orders to CartRover', 'orders.ndjson');
    const run = await stack.api<{ runId: string }>('POST', `/api/flows/${flowId}/run`);
    const runStatus = async (): Promise<string> => (await stack.api<{ status: string }>('GET', `/api/flows/${flowId}/runs/${run.data.runId}`)).data.status;
    await waitFor(async () => (await runStatus()) !== 'running', 'the demo import run to end', 10_000, 50);
    app = await openApp(stack);
    page = app.page;
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  afterAll(async () => {
    await app?.context.close();
    await stack?.close();
    if (!writing) rmSync(folder, { recursive: true, force: true });
  });

  afterEach(() => {
    expect(app.problems).toEqual([]);
  });

  it('the connections view: a lender and its borrower with their shared pool', async () => {
    await goToView(page, 'connections');
    await page.locator('[data-connection-name="Outlet store"] [data-testid="connection-borrow"]').waitFor();
    await shot('connections.png');
    expect(pngSize(path.join(folder, 'connections.png'))).toEqual({ width: 1280, height: 800 });
  });

  it('the connection dialog after a passed Test', async () => {
    await page.getByRole('button', { name: 'New connection', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'New connection' });
    await dialog.locator('[name="name"]').fill('Second warehouse');
    await dialog.locator('[name="apiUser"]').fill(merchant.apiUser);
    await dialog.locator('[name="apiKey"]').fill(merchant.apiKey);
    await dialog.getByRole('button', { name: 'Test', exact: true }).click();
    await dialog.locator('[data-testid="connection-result"][data-state="success"]').waitFor();
    await shot('connection-dialog.png');
    expect(pngSize(path.join(folder, 'connection-dialog.png'))).toEqual({ width: 1280, height: 800 });
    await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
    await dialog.waitFor({ state: 'hidden' });
  });

  it('the flows view: a run that completed with errors, its history open', async () => {
    await goToView(page, 'flows');
    const row = page.locator('[data-testid="flow-row"][data-flow-name="Orders to CartRover"]');
    await row.locator('[data-testid="flow-run-status"][data-status="partial"]').waitFor();
    await row.getByRole('button', { name: 'History', exact: true }).click();
    await page.locator('[data-testid="run-history-row"]').waitFor();
    // The list first: the editor of a new flow is below it.
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot('flows.png');
    expect(pngSize(path.join(folder, 'flows.png'))).toEqual({ width: 1280, height: 800 });
  });

  it('the files view: the stored files, the drop zone and the editor', async () => {
    await goToView(page, 'files');
    await page.locator('[data-testid="file-row"][data-file-name="returns.ndjson"]').waitFor();
    await shot('files.png');
    expect(pngSize(path.join(folder, 'files.png'))).toEqual({ width: 1280, height: 800 });
  });

  it('on a phone (390x844): the flows view as stacked cards', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await goToView(page, 'flows');
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot('phone-flows.png');
    expect(pngSize(path.join(folder, 'phone-flows.png'))).toEqual({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('the committed screenshots are the README\'s, and small', () => {
    const readme = readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
    for (const name of SHOTS) {
      expect(readme).toContain(`](docs/screenshots/${name})`);
      expect(statSync(path.join(COMMITTED, name)).size).toBeLessThanOrEqual(MAX_BYTES);
    }
  });
});
