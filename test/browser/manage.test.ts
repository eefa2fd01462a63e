/**
 * The page as a person uses it: run history after a reload, deleting what exists (with what would
 * break said first), sentences next to fields, pools while a flow runs, schedules, and an honest
 * online/offline status. Real Chromium, real host, plugin and CartRover sandbox.
 */
import type { Locator } from 'playwright-core';
import { DEMO_USERS } from '../../sandbox/src';
import { describeWithChromium } from './chromium';
import { waitFor } from '../support/wait-for';
import { fillFlowEditor } from './flow-setup';
import { goToView, useBrowserSuite } from './harness';

const merchant = DEMO_USERS.find((user) => user.level === 'merchant')!;

interface Run {
  id: string;
  status: string;
  read: number;
  written: number;
  skipped: number;
  failed: number;
  startedAt: string;
  finishedAt?: string;
}

function orders(prefix: string, count: number): string {
  return Array.from({ length: count }, (_, index) => JSON.stringify({
    cust_ref: `${prefix}-${index + 1}`,
    ship_first_name: 'Ada',
    ship_last_name: 'Buyer',
    ship_address_1: '1 Main Street',
    ship_city: 'Springfield',
    ship_state: 'IL',
    ship_zip: '62701',
    ship_country: 'US',
    items: [{ item: 'CIO-1001', quantity: 1 }],
  })).join('\n');
}

describeWithChromium('web page: managing flows, runs, files, pools and schedules', (executablePath) => {
  let integrationId: string;
  let lenderId: string;
  let borrowerId: string;

  async function upload(name: string, text: string): Promise<void> {
    const response = await fetch(`${suite.stack.baseUrl}/api/files/${name}`, { method: 'PUT', headers: { authorization: `Bearer ${suite.stack.host.token}`, 'content-type': 'application/x-ndjson' }, body: text });
    expect(response.status).toBe(200);
  }

  async function flow(name: string, source: Record<string, unknown>, destination: Record<string, unknown>, extra: Record<string, unknown> = {}, group = integrationId): Promise<string> {
    const answer = await suite.stack.api<{ id: string }>('POST', '/api/flows', { integrationId: group, name, source, destination, ...extra });
    expect(answer.status).toBe(201);
    return answer.data.id;
  }

  const flowRow = (name: string): Locator => suite.page.locator(`[data-testid="flow-row"][data-flow-name="${name}"]`);

  async function runFromPage(name: string): Promise<void> {
    await goToView(suite.page, 'flows');
    const row = flowRow(name);
    await row.waitFor();
    const before = await row.locator('[data-testid="flow-run-status"]').getAttribute('data-run-id');
    await row.getByRole('button', { name: 'Run', exact: true }).click();
    await suite.page.waitForFunction(
      ({ flowName, previous }) => {
        const status = document.querySelector(`[data-flow-name="${flowName}"] [data-testid="flow-run-status"]`);
        const id = status?.getAttribute('data-run-id');
        const state = status?.getAttribute('data-status');
        return Boolean(id) && id !== previous && Boolean(state) && state !== 'running';
      },
      { flowName: name, previous: before },
      { timeout: 30000 },
    );
  }

  const suite = useBrowserSuite(executablePath, {
    pagePer: 'block',
    setUp: async () => {
      const lender = await suite.stack.api<{ connection: { id: string } }>('POST', '/api/connections', { appId: 'cartrover', values: { name: 'Lender', apiUser: merchant.apiUser, apiKey: merchant.apiKey, concurrencyLevel: 1 } });
      expect(lender.status).toBe(201);
      lenderId = lender.data.connection.id;
      const borrower = await suite.stack.api<{ connection: { id: string } }>('POST', '/api/connections', { appId: 'cartrover', values: { name: 'Borrower', apiUser: merchant.apiUser, apiKey: merchant.apiKey, borrowConcurrencyFrom: lenderId } });
      expect(borrower.status).toBe(201);
      borrowerId = borrower.data.connection.id;
      const integration = await suite.stack.api<{ id: string }>('POST', '/api/integrations', { name: 'Shop' });
      integrationId = integration.data.id;
      expect((await suite.stack.api('PUT', `/api/integrations/${integrationId}/connections/register`, [lenderId, borrowerId])).status).toBe(200);
    },
  });

  it('after a reload the flow shows its last run (skipped apart from written) and its history, with errors to download', async () => {
    await upload('reload-orders.ndjson', `${orders(`RELOAD-${Date.now()}`, 3)}\n{"cust_ref": "BROKEN"}`);
    await flow('Reloaded orders', { appId: 'file', operation: 'read', config: { name: 'reload-orders.ndjson' } }, { appId: 'cartrover', connectionId: lenderId, operation: 'orders.create', config: {} });
    await suite.page.reload();
    await suite.page.waitForSelector('body[data-ready="true"]');
    await runFromPage('Reloaded orders');
    await runFromPage('Reloaded orders');

    await suite.page.reload();
    await suite.page.waitForSelector('body[data-ready="true"]');
    const status = flowRow('Reloaded orders').locator('[data-testid="flow-run-status"]');
    await status.waitFor();
    expect(await status.getAttribute('data-status')).toBe('failed');
    const count = async (testid: string, within: Locator = status): Promise<number> => Number(await within.locator(`[data-testid="${testid}"]`).first().getAttribute('data-count'));
    // The second run found the three orders already there: skipped, not written again.
    expect({ read: await count('run-read'), written: await count('run-written'), skipped: await count('run-skipped'), failed: await count('run-failed') }).toEqual({ read: 4, written: 0, skipped: 3, failed: 1 });
    expect(await status.textContent()).toContain('skipped 3 (already existed)');

    await flowRow('Reloaded orders').getByRole('button', { name: 'History', exact: true }).click();
    const rows = suite.page.locator('[data-testid="flow-history-row"] [data-testid="run-history-row"]');
    await suite.page.waitForFunction(() => document.querySelectorAll('[data-testid="run-history-row"]').length === 2);
    // Newest first.
    expect(await count('run-skipped', rows.nth(0))).toBe(3);
    expect(await count('run-written', rows.nth(1))).toBe(3);
    expect(await suite.page.locator('[data-testid="run-history-range"]').textContent()).toContain('of 2, newest first');
    const href = (await rows.nth(0).locator('[data-testid="run-errors-download"]').getAttribute('href'))!;
    const ndjson = await suite.page.evaluate(async (url) => (await fetch(url)).text(), href);
    const errors = ndjson.trim().split('\n').map((line) => JSON.parse(line) as { record: number; message: string });
    // One numbering with the page ("Record 4"), the order's cust_ref and the record itself.
    expect(errors).toEqual([{ record: 4, cust_ref: 'BROKEN', message: expect.any(String), data: { cust_ref: 'BROKEN' } }]);
    expect(await rows.nth(0).locator('.run-errors li').first().textContent()).toMatch(/^Record 4 \(order BROKEN\): /);
    const failedHref = (await rows.nth(0).locator('[data-testid="run-failed-records-download"]').getAttribute('href'))!;
    const failedRecords = await suite.page.evaluate(async (url) => (await fetch(url)).text(), failedHref);
    expect(failedRecords).toBe('{"cust_ref":"BROKEN"}\n');
  });

  it('a run with more failed records than it keeps lists the first 100 and says how many more failed', async () => {
    const lines = Array.from({ length: 130 }, (_, index) => JSON.stringify({ cust_ref: `MANY-${index + 1}`, bad: index > 0 }));
    await upload('many-bad.ndjson', lines.join('\n'));
    await flow('Many bad', { appId: 'file', operation: 'read', config: { name: 'many-bad.ndjson' } }, { appId: 'file', operation: 'write', config: { name: 'many-good.ndjson' } }, { transform: 'bad ? $error("order " & cust_ref & " is marked bad") : $' });
    await suite.page.reload();
    await suite.page.waitForSelector('body[data-ready="true"]');
    await runFromPage('Many bad');
    const status = flowRow('Many bad').locator('[data-testid="flow-run-status"]');
    expect(await status.getAttribute('data-status')).toBe('partial');
    expect(await status.locator('[data-testid="flow-run-errors-more"]').textContent()).toBe('… and 97 more in the history');
    const rest = status.locator('[data-testid="run-errors-not-listed"]');
    expect(await rest.getAttribute('data-count')).toBe('29');
    expect(await rest.textContent()).toBe('29 more failed records are not listed: a run keeps the first 100 with their errors.');

    await flowRow('Many bad').getByRole('button', { name: 'History', exact: true }).click();
    const history = suite.page.locator('[data-testid="flow-history-row"] [data-testid="run-history-row"]').first();
    await history.waitFor();
    await history.locator('[data-testid="run-all-errors"] summary').click();
    const all = history.locator('[data-testid="run-all-errors"] li');
    expect(await all.count()).toBe(100);
    expect(await all.nth(0).textContent()).toMatch(/^Record 2 \(order MANY-2\): /);
    expect(await all.nth(99).textContent()).toMatch(/^Record 101 \(order MANY-101\): /);
    expect(await history.locator('[data-testid="run-errors-not-listed"]').textContent()).toContain('29 more failed records are not listed');
  });

  it('a validation error shows a sentence next to its field', async () => {
    await goToView(suite.page, 'flows');
    await fillFlowEditor(suite.page, { integrationId, name: '', destination: { appId: 'file', operation: 'write', file: 'out.ndjson' } });
    await suite.page.getByRole('button', { name: 'Create flow', exact: true }).click();
    const nameError = suite.page.locator('[data-testid="error-flow.name"]');
    await nameError.waitFor({ state: 'visible' });
    expect(await nameError.textContent()).toBe('Give the flow a name of 1 to 200 characters.');
    const fileError = suite.page.locator('[data-testid="error-source.config.name"]');
    await fileError.waitFor({ state: 'visible' });
    expect(await fileError.textContent()).toBe('File is required.');
    // The error sits inside the field it is about.
    expect(await suite.page.locator('.field', { has: suite.page.locator('[name="flow.name"]') }).locator('[data-testid="error-flow.name"]').count()).toBe(1);
    const shown = await suite.page.locator('#flows').textContent();
    expect(shown).not.toMatch(/schema|null|must match|source\.config/);
  });

  it('deletes a flow, an integration and a file, saying first what a delete would break', async () => {
    const temp = (await suite.stack.api<{ id: string }>('POST', '/api/integrations', { name: 'Temporary' })).data.id;
    await upload('temporary.ndjson', '{"n":1}\n');
    await flow('Temporary copy', { appId: 'file', operation: 'read', config: { name: 'temporary.ndjson' } }, { appId: 'file', operation: 'write', config: { name: 'temporary-out.ndjson' } }, {}, temp);
    await suite.page.reload();
    await suite.page.waitForSelector('body[data-ready="true"]');

    await goToView(suite.page, 'files');
    const fileRow = suite.page.locator('[data-testid="file-row"][data-file-name="temporary.ndjson"]');
    await fileRow.getByRole('button', { name: 'Delete', exact: true }).click();
    const fileRefusal = suite.page.getByRole('dialog', { name: '“temporary.ndjson” cannot be deleted yet' });
    await fileRefusal.waitFor({ state: 'visible' });
    expect(await fileRefusal.textContent()).toContain('Flow “Temporary copy”');
    await fileRefusal.getByRole('button', { name: 'Close', exact: true }).click();

    await goToView(suite.page, 'integrations');
    const card = suite.page.locator('[data-testid="integration"][data-integration-name="Temporary"]');
    await card.getByRole('button', { name: 'Delete', exact: true }).click();
    const integrationRefusal = suite.page.getByRole('dialog', { name: '“Temporary” cannot be deleted yet' });
    await integrationRefusal.waitFor({ state: 'visible' });
    expect(await integrationRefusal.textContent()).toContain('Flow “Temporary copy”');
    await integrationRefusal.getByRole('button', { name: 'Close', exact: true }).click();
    expect((await suite.stack.api('GET', `/api/integrations/${temp}`)).status).toBe(200);

    await goToView(suite.page, 'flows');
    await flowRow('Temporary copy').getByRole('button', { name: 'Delete', exact: true }).click();
    const confirmFlow = suite.page.getByRole('dialog', { name: 'Delete flow' });
    expect(await confirmFlow.textContent()).toContain('Its run history go with it');
    await confirmFlow.getByRole('button', { name: 'Delete', exact: true }).click();
    await flowRow('Temporary copy').waitFor({ state: 'detached' });

    await goToView(suite.page, 'integrations');
    await card.getByRole('button', { name: 'Delete', exact: true }).click();
    await suite.page.getByRole('dialog', { name: 'Delete integration' }).getByRole('button', { name: 'Delete', exact: true }).click();
    await card.waitFor({ state: 'detached' });

    // Renamed, then deleted under its new name.
    await goToView(suite.page, 'files');
    await fileRow.getByRole('button', { name: 'Rename', exact: true }).click();
    const prompt = suite.page.getByRole('dialog', { name: 'Rename file' });
    await prompt.locator('[name="prompt.value"]').fill('renamed.ndjson');
    await prompt.getByRole('button', { name: 'Save', exact: true }).click();
    const renamedRow = suite.page.locator('[data-testid="file-row"][data-file-name="renamed.ndjson"]');
    await renamedRow.waitFor();
    await fileRow.waitFor({ state: 'detached' });
    await renamedRow.getByRole('button', { name: 'Delete', exact: true }).click();
    await suite.page.getByRole('dialog', { name: 'Delete file' }).getByRole('button', { name: 'Delete', exact: true }).click();
    await renamedRow.waitFor({ state: 'detached' });

    expect((await suite.stack.api<{ name: string }[]>('GET', '/api/flows')).data.map((f) => f.name)).not.toContain('Temporary copy');
    expect((await suite.stack.api('GET', `/api/integrations/${temp}`)).status).toBe(404);
    const names = (await suite.stack.api<{ name: string }[]>('GET', '/api/files')).data.map((f) => f.name);
    expect(names).not.toContain('temporary.ndjson');
    expect(names).not.toContain('renamed.ndjson');
  });

  it('the pools view names the lender and its borrower and shows requests in flight while a flow runs', async () => {
    await upload('pool-orders.ndjson', orders(`POOL-${Date.now()}`, 8));
    await flow('Through the borrower', { appId: 'file', operation: 'read', config: { name: 'pool-orders.ndjson' } }, { appId: 'cartrover', connectionId: borrowerId, operation: 'orders.create', config: {} });
    await suite.page.reload();
    await suite.page.waitForSelector('body[data-ready="true"]');
    await goToView(suite.page, 'pools');
    const pool = suite.page.locator('[data-testid="pool-row"][data-pool-name="Lender"]');
    await pool.waitFor();
    expect(await pool.locator('[data-testid="pool-members"]').textContent()).toBe('Borrower');
    expect(await pool.locator('[data-testid="pool-in-flight"]').getAttribute('data-count')).toBe('0');

    suite.stack.sandbox.control.setLatency(500);
    try {
      await goToView(suite.page, 'flows');
      await flowRow('Through the borrower').getByRole('button', { name: 'Run', exact: true }).click();
      await goToView(suite.page, 'pools');
      await suite.page.waitForFunction(() => document.querySelector('[data-pool-name="Lender"] [data-testid="pool-in-flight"]')?.getAttribute('data-count') === '1', undefined, { timeout: 20000 });
      await goToView(suite.page, 'connections');
      const load = suite.page.locator('[data-testid="connection-row"][data-connection-name="Borrower"] [data-testid="connection-load"]');
      await load.filter({ hasText: '1 of 1 in use' }).waitFor({ timeout: 20000 });
      expect(await suite.page.locator('[data-testid="connection-row"][data-connection-name="Lender"] [data-testid="connection-lends"]').textContent()).toBe('Lends to Borrower');
      const pools = (await suite.stack.api<{ name: string; members: { name: string }[] }[]>('GET', '/api/pools')).data;
      expect(pools.find((p) => p.name === 'Lender')!.members.map((m) => m.name).sort()).toEqual(['Borrower', 'Lender']);
    } finally {
      suite.stack.sandbox.control.setLatency(0);
    }
    await suite.page.waitForFunction(() => document.querySelector('[data-flow-name="Through the borrower"] [data-testid="flow-run-status"]')?.getAttribute('data-status') === 'succeeded', undefined, { timeout: 30000 });
  });

  it('a scheduled flow runs on its schedule, never twice at once, and its switch turns it off', async () => {
    await upload('scheduled-orders.ndjson', orders(`SCHED-${Date.now()}`, 3));
    suite.stack.sandbox.control.setLatency(400);
    try {
      await goToView(suite.page, 'flows');
      await fillFlowEditor(suite.page, {
        integrationId,
        name: 'Every second',
        sourceFile: 'scheduled-orders.ndjson',
        destination: { appId: 'cartrover', operation: 'orders.create', connectionId: lenderId },
      });
      await suite.page.locator('[name="schedule.kind"]').selectOption('interval');
      await suite.page.locator('[name="schedule.every"]').fill('1');
      await suite.page.locator('[name="schedule.unit"]').selectOption('seconds');
      await suite.page.getByRole('button', { name: 'Create flow', exact: true }).click();
      const row = flowRow('Every second');
      await row.waitFor();
      expect(await row.locator('[data-testid="flow-schedule"]').textContent()).toBe('Every 1 second');

      // Nobody presses Run: the schedule starts it, and the page shows the run by itself.
      await suite.page.waitForFunction(() => document.querySelector('[data-flow-name="Every second"] [data-testid="flow-run-status"]')?.getAttribute('data-run-id'), undefined, { timeout: 20000 });
      const flowId = (await row.getAttribute('data-flow-id'))!;
      const finished = async (): Promise<Run[]> => (await suite.stack.api<Run[]>('GET', `/api/flows/${flowId}/runs?limit=100`)).data.filter((run) => run.status !== 'running');
      await waitFor(async () => (await finished()).length >= 3, 'three finished scheduled runs', 20_000, 100);

      await row.getByRole('switch').uncheck();
      await suite.page.locator('[data-testid="flows-message"]', { hasText: 'is off' }).waitFor();
      const stored = (await suite.stack.api<{ schedule: { enabled: boolean } }>('GET', `/api/flows/${flowId}`)).data;
      expect(stored.schedule.enabled).toBe(false);

      const runs = (await suite.stack.api<Run[]>('GET', `/api/flows/${flowId}/runs?limit=100`)).data.reverse();
      expect(runs.length).toBeGreaterThanOrEqual(3);
      // Each run took longer than the interval, yet none started before the previous one ended.
      for (let index = 1; index < runs.length; index += 1) {
        expect(Date.parse(runs[index]!.startedAt)).toBeGreaterThanOrEqual(Date.parse(runs[index - 1]!.finishedAt!));
      }
      expect(runs[0]!.written).toBe(3);
      expect(runs[1]!.skipped).toBe(3);
    } finally {
      suite.stack.sandbox.control.setLatency(0);
    }
  });

  it('tells the user when someone else changed the record meanwhile (412), and saves nothing', async () => {
    const made = (await suite.stack.api<{ id: string }>('POST', '/api/integrations', { name: 'Shared name' })).data;
    await suite.page.reload();
    await suite.page.waitForSelector('body[data-ready="true"]');
    await goToView(suite.page, 'integrations');
    const card = suite.page.locator(`[data-testid="integration"][data-integration-id="${made.id}"]`);
    await card.waitFor();
    // Someone else renames it after this page loaded it.
    expect((await suite.stack.api('PUT', `/api/integrations/${made.id}`, { name: 'Their name' })).status).toBe(200);
    await card.getByRole('button', { name: 'Rename', exact: true }).click();
    const prompt = suite.page.getByRole('dialog', { name: 'Rename integration' });
    await prompt.locator('[name="prompt.value"]').fill('My name');
    await prompt.getByRole('button', { name: 'Save', exact: true }).click();
    const message = suite.page.locator(`[data-testid="integration"][data-integration-id="${made.id}"] [data-testid="integration-message"][data-kind="error"]`);
    await message.waitFor();
    expect(await message.textContent()).toContain('Someone else changed');
    expect((await suite.stack.api<{ name: string }>('GET', `/api/integrations/${made.id}`)).data.name).toBe('Their name');
  });

  it('is usable below 500 px: nothing is cut off', async () => {
    await suite.page.setViewportSize({ width: 420, height: 900 });
    try {
      await goToView(suite.page, 'flows');
      await suite.page.reload();
      await suite.page.waitForSelector('body[data-ready="true"]');
      const overflow = await suite.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      // Buttons in the lists stay on screen.
      const box = await flowRow('Reloaded orders').getByRole('button', { name: 'Run', exact: true }).boundingBox();
      expect(box!.x + box!.width).toBeLessThanOrEqual(420);
    } finally {
      await suite.page.setViewportSize({ width: 1280, height: 1000 });
    }
  });

  it('shows "Offline" within 5 s of the host stopping, disables what cannot work, and recovers', async () => {
    await goToView(suite.page, 'connections');
    const status = suite.page.locator('[data-testid="server-status"]');
    await status.filter({ hasText: 'Online' }).waitFor();
    const newConnection = suite.page.getByRole('button', { name: 'New connection', exact: true });
    expect(await newConnection.isDisabled()).toBe(false);

    await suite.stack.stopHost();
    await status.filter({ hasText: 'Offline' }).waitFor({ timeout: 5000 });
    expect(await newConnection.isDisabled()).toBe(true);
    // The views still change (no host needed), and what needs the host is disabled there too.
    await goToView(suite.page, 'flows');
    expect(await suite.page.getByRole('button', { name: 'Create flow', exact: true }).isDisabled()).toBe(true);
    await goToView(suite.page, 'connections');
    await suite.page.locator('[data-testid="offline-banner"]').waitFor({ state: 'visible' });

    await suite.stack.startHostAgain();
    await status.filter({ hasText: 'Online' }).waitFor({ timeout: 10000 });
    expect(await newConnection.isDisabled()).toBe(false);
    await suite.page.locator('[data-testid="offline-banner"]').waitFor({ state: 'hidden' });
  });
});
