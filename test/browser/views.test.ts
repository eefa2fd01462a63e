/**
 * Issue 24 point 11: one view per concern. Connections, integrations, flows, files and pools each
 * have their own view on a hash route, the browser's Back and Forward move between them, a reload
 * stays on the view, and each list has a filter box. Real Chromium, pressed and typed at a
 * person's speed, against the real host and sandbox.
 */
import type { Page } from 'playwright-core';
import { DEMO_USERS } from '../../sandbox/src';
import { describeWithChromium } from './chromium';
import { uploadFile } from './flow-setup';
import { useBrowserSuite } from './harness';
import type { View } from './harness';
import { pressLikeAPerson } from './human';

const merchant = DEMO_USERS.find((user) => user.level === 'merchant')!;
const VIEWS: readonly View[] = ['connections', 'integrations', 'flows', 'files', 'pools'];
const TYPING_DELAY_MS = 70;

/** Which views are on screen, and which link the top bar marks as current. */
async function onScreen(page: Page): Promise<{ shown: string[]; current: string[]; hash: string; title: string }> {
  return page.evaluate(() => ({
    shown: Array.from(document.querySelectorAll<HTMLElement>('section[data-view]')).filter((section) => section.offsetParent !== null).map((section) => section.dataset.view!),
    current: Array.from(document.querySelectorAll<HTMLElement>('[data-view-link][aria-current="page"]')).map((link) => link.dataset.viewLink!),
    hash: window.location.hash,
    title: document.title,
  }));
}

async function clickNav(page: Page, view: View): Promise<void> {
  const press = await pressLikeAPerson(page, page.locator(`[data-testid="nav-${view}"]`));
  expect(press.movedBy).toBe(0);
  await page.waitForSelector(`body[data-view="${view}"]`);
}

/** Names of the rows (or cards) a list shows now. */
async function shownNames(page: Page, selector: string, attribute: string): Promise<string[]> {
  return page.locator(selector).evaluateAll((elements, name) => elements.filter((element) => (element as HTMLElement).offsetParent !== null).map((element) => element.getAttribute(name)!), attribute);
}

async function typeFilter(page: Page, view: View, text: string): Promise<void> {
  const box = page.locator(`[data-testid="filter-${view}"]`);
  await box.fill('');
  await box.pressSequentially(text, { delay: TYPING_DELAY_MS });
}

describeWithChromium('web page: a view per concern, with filters and the back button', (executablePath) => {
  const suite = useBrowserSuite(executablePath, {
    pagePer: 'block',
    setUp: async () => {
      const names = ['Main store', 'Outlet store', 'Wholesale'];
      const ids: string[] = [];
      for (const name of names) {
        const made = await suite.stack.api<{ connection: { id: string } }>('POST', '/api/connections', { appId: 'cartrover', values: { name, apiUser: merchant.apiUser, apiKey: merchant.apiKey } });
        expect(made.status).toBe(201);
        ids.push(made.data.connection.id);
      }
      for (const name of ['Retail', 'Wholesale orders']) {
        const made = await suite.stack.api<{ id: string }>('POST', '/api/integrations', { name });
        await suite.stack.api('PUT', `/api/integrations/${made.data.id}/connections/register`, name === 'Retail' ? [ids[0], ids[1]] : [ids[2]]);
      }
      for (const name of ['orders-monday.ndjson', 'orders-tuesday.ndjson', 'stock.ndjson']) await uploadFile(suite.stack, name, '{"n":1}\n');
    },
  });

  it('opens on the connections view alone; each link of the top bar shows its view alone', async () => {
    expect(await onScreen(suite.page)).toEqual({ shown: ['connections'], current: ['connections'], hash: '', title: 'Connections · CartRover connector' });
    for (const view of VIEWS) {
      await clickNav(suite.page, view);
      const now = await onScreen(suite.page);
      expect(now.shown).toEqual([view]);
      expect(now.current).toEqual([view]);
      expect(now.hash).toBe(`#${view}`);
      expect(now.title).toMatch(/ · CartRover connector$/);
    }
  });

  it("the browser's Back and Forward move between views, and a reload stays on the view", async () => {
    await clickNav(suite.page, 'connections');
    await clickNav(suite.page, 'flows');
    await clickNav(suite.page, 'files');
    await suite.page.goBack();
    await suite.page.waitForSelector('body[data-view="flows"]');
    expect((await onScreen(suite.page)).shown).toEqual(['flows']);
    await suite.page.goBack();
    await suite.page.waitForSelector('body[data-view="connections"]');
    expect((await onScreen(suite.page)).shown).toEqual(['connections']);
    await suite.page.goForward();
    await suite.page.waitForSelector('body[data-view="flows"]');
    expect(await onScreen(suite.page)).toMatchObject({ shown: ['flows'], current: ['flows'], hash: '#flows' });

    await suite.page.reload();
    await suite.page.waitForSelector('body[data-ready="true"]');
    expect(await onScreen(suite.page)).toMatchObject({ shown: ['flows'], current: ['flows'], hash: '#flows' });
    // An address of no view opens the default one.
    await suite.page.goto(`${suite.stack.baseUrl}/#nothing-here`);
    await suite.page.waitForSelector('body[data-view="connections"]');
    expect((await onScreen(suite.page)).shown).toEqual(['connections']);
  });

  it('the connections filter keeps the rows holding every word typed, case aside, and says when none does', async () => {
    await clickNav(suite.page, 'connections');
    const rows = '[data-testid="connection-row"]';
    await suite.page.locator(rows).first().waitFor();
    expect((await shownNames(suite.page, rows, 'data-connection-name')).sort()).toEqual(['Main store', 'Outlet store', 'Wholesale']);
    await typeFilter(suite.page, 'connections', 'STORE');
    expect((await shownNames(suite.page, rows, 'data-connection-name')).sort()).toEqual(['Main store', 'Outlet store']);
    await typeFilter(suite.page, 'connections', 'store out');
    expect(await shownNames(suite.page, rows, 'data-connection-name')).toEqual(['Outlet store']);
    // The filter holds while the list re-renders by itself (a connection made elsewhere appears).
    await suite.stack.api('POST', '/api/connections', { appId: 'cartrover', values: { name: 'Outlet store 2', apiUser: merchant.apiUser, apiKey: merchant.apiKey } });
    await suite.page.locator(`${rows}[data-connection-name="Outlet store 2"]`).waitFor();
    expect((await shownNames(suite.page, rows, 'data-connection-name')).sort()).toEqual(['Outlet store', 'Outlet store 2']);

    await typeFilter(suite.page, 'connections', 'nothing like it');
    const none = suite.page.locator('[data-testid="no-match-connections"]');
    await none.waitFor({ state: 'visible' });
    expect(await none.textContent()).toBe('No connections match “nothing like it”. Clear the filter to see all 4.');
    expect(await shownNames(suite.page, rows, 'data-connection-name')).toEqual([]);
    await typeFilter(suite.page, 'connections', '');
    await none.waitFor({ state: 'hidden' });
    expect(await shownNames(suite.page, rows, 'data-connection-name')).toHaveLength(4);
  });

  it('integrations filter by name or by a registered connection; files by name; pools by connection', async () => {
    await clickNav(suite.page, 'integrations');
    const cards = '[data-testid="integration"]';
    await suite.page.locator(cards).first().waitFor();
    await typeFilter(suite.page, 'integrations', 'wholesale');
    expect(await shownNames(suite.page, cards, 'data-integration-name')).toEqual(['Wholesale orders']);
    await typeFilter(suite.page, 'integrations', 'outlet');
    expect(await shownNames(suite.page, cards, 'data-integration-name')).toEqual(['Retail']);

    await clickNav(suite.page, 'files');
    const files = '[data-testid="file-row"]';
    await suite.page.locator(files).first().waitFor();
    await typeFilter(suite.page, 'files', 'orders-');
    expect((await shownNames(suite.page, files, 'data-file-name')).sort()).toEqual(['orders-monday.ndjson', 'orders-tuesday.ndjson']);

    await clickNav(suite.page, 'pools');
    const pools = '[data-testid="pool-row"]';
    await suite.page.locator(pools).first().waitFor();
    await typeFilter(suite.page, 'pools', 'main');
    expect(await shownNames(suite.page, pools, 'data-pool-name')).toEqual(['Main store']);

    // Each view keeps its own filter when the person comes back to it.
    await suite.page.goBack();
    await suite.page.waitForSelector('body[data-view="files"]');
    expect(await suite.page.locator('[data-testid="filter-files"]').inputValue()).toBe('orders-');
    expect((await shownNames(suite.page, files, 'data-file-name')).sort()).toEqual(['orders-monday.ndjson', 'orders-tuesday.ndjson']);
  });

  it('the flows filter matches the name, the integration and the file a flow reads, and hides a flow with its history', async () => {
    const integrations = (await suite.stack.api<Array<{ id: string; name: string }>>('GET', '/api/integrations')).data;
    const retail = integrations.find((integration) => integration.name === 'Retail')!;
    const wholesale = integrations.find((integration) => integration.name === 'Wholesale orders')!;
    const fileFlow = async (integrationId: string, name: string, from: string) => {
      const made = await suite.stack.api('POST', '/api/flows', { integrationId, name, source: { appId: 'file', operation: 'read', config: { name: from } }, destination: { appId: 'file', operation: 'write', config: { name: `${name.replace(/ /g, '-')}.out.ndjson` } } });
      expect(made.status).toBe(201);
    };
    await fileFlow(retail.id, 'Monday copy', 'orders-monday.ndjson');
    await fileFlow(retail.id, 'Tuesday copy', 'orders-tuesday.ndjson');
    await fileFlow(wholesale.id, 'Stock copy', 'stock.ndjson');
    await clickNav(suite.page, 'flows');
    const rows = '[data-testid="flow-row"]';
    await suite.page.locator(`${rows}[data-flow-name="Stock copy"]`).waitFor();
    await suite.page.locator(`${rows}[data-flow-name="Monday copy"]`).getByRole('button', { name: 'History', exact: true }).click();
    await suite.page.locator('[data-testid="flow-history-row"]').waitFor();

    await typeFilter(suite.page, 'flows', 'wholesale');
    expect(await shownNames(suite.page, rows, 'data-flow-name')).toEqual(['Stock copy']);
    // The history row goes with its flow.
    expect(await suite.page.locator('[data-testid="flow-history-row"]').isVisible()).toBe(false);
    await typeFilter(suite.page, 'flows', 'tuesday');
    expect(await shownNames(suite.page, rows, 'data-flow-name')).toEqual(['Tuesday copy']);
    await typeFilter(suite.page, 'flows', 'monday');
    expect(await shownNames(suite.page, rows, 'data-flow-name')).toEqual(['Monday copy']);
    expect(await suite.page.locator('[data-testid="flow-history-row"]').isVisible()).toBe(true);
  });
});
