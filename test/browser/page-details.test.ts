/**
 * Issue 24 point 9, the smaller things a person hit: the integration name's error moves nothing in
 * the header, a level chosen before a lender is said to be ignored, and a long offline reason does
 * not squeeze the connections table. Real Chromium at human speed, real host and sandbox.
 */
import type { Locator, Page } from 'playwright-core';
import { DEMO_USERS } from '../../sandbox/src';
import { describeWithChromium } from './chromium';
import { goToView, openApp, startStack } from './harness';
import type { AppPage, Stack } from './harness';
import { pressLikeAPerson } from './human';

const merchant = DEMO_USERS.find((user) => user.level === 'merchant')!;

interface Box { x: number; y: number; width: number; height: number }

async function boxOf(target: Locator): Promise<Box> {
  const box = await target.boundingBox();
  if (!box) throw new Error('not laid out');
  return box;
}

/** How many lines a cell's text takes (its text's line boxes). */
async function linesOf(cell: Locator): Promise<number> {
  return cell.evaluate((element) => {
    const range = document.createRange();
    range.selectNodeContents(element);
    const tops = new Set(Array.from(range.getClientRects(), (rect) => Math.round(rect.top)));
    return tops.size;
  });
}

describeWithChromium('web page: details of issue 24 point 9', (executablePath) => {
  let stack: Stack;
  let app: AppPage;
  let page: Page;

  beforeAll(async () => {
    stack = await startStack(executablePath);
    app = await openApp(stack);
    page = app.page;
  });

  afterAll(async () => {
    await app?.context.close();
    await stack?.close();
  });

  afterEach(() => {
    expect(app.problems).toEqual([]);
  });

  for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
    it(`the integration name's error shows under the field and moves nothing in the header (${viewport.width} px)`, async () => {
      await page.setViewportSize(viewport);
      await goToView(page, 'integrations');
      const title = page.locator('#integrations-title');
      const input = page.locator('#new-integration-name');
      const button = page.locator('[data-testid="create-integration"]');
      const error = page.locator('[data-testid="error-integration.name"]');
      await input.scrollIntoViewIfNeeded();
      await input.fill('');
      const before = [await boxOf(title), await boxOf(input), await boxOf(button)];
      // Pressed as a person does: the button must not move between press and release.
      const press = await pressLikeAPerson(page, button);
      expect(press.movedBy).toBe(0);
      await error.waitFor({ state: 'visible' });
      expect(await error.textContent()).toContain('name');
      expect([await boxOf(title), await boxOf(input), await boxOf(button)]).toEqual(before);
      // Under the field, in the error style.
      const errorBox = await boxOf(error);
      expect(errorBox.y).toBeGreaterThanOrEqual(before[1]!.y + before[1]!.height - 1);
      expect(Math.abs(errorBox.x - before[1]!.x)).toBeLessThanOrEqual(1);
      expect(await error.evaluate((element) => getComputedStyle(element).color)).toBe('rgb(179, 38, 30)');
      // Typing a name and creating it clears the error, still without moving the header.
      await input.fill('Details shop');
      await pressLikeAPerson(page, button);
      await page.locator('[data-testid="integrations-list"]').getByText('Details shop').first().waitFor();
      expect(await error.isVisible()).toBe(false);
      expect([await boxOf(title), await boxOf(input), await boxOf(button)]).toEqual(before);
      await page.setViewportSize({ width: 1280, height: 1000 });
    });
  }

  it('a level chosen before a lender is said to be ignored, and comes back with "None"', async () => {
    const lender = await stack.api<{ connection: { id: string } }>('POST', '/api/connections', { appId: 'cartrover', values: { name: 'Lending store', apiUser: merchant.apiUser, apiKey: merchant.apiKey, concurrencyLevel: 7 } });
    expect(lender.status).toBe(201);
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    await goToView(page, 'connections');
    await page.getByRole('button', { name: 'New connection', exact: true }).click();
    const d = page.getByRole('dialog', { name: 'New connection' });
    await d.locator('[name="name"]').waitFor({ state: 'visible' });
    await d.locator('[name="name"]').fill('Borrowing store');
    const level = d.locator('[name="concurrencyLevel"]');
    const ignored = d.locator('[data-testid="ignored-concurrencyLevel"]');
    await level.selectOption('12');
    expect(await ignored.isVisible()).toBe(false);

    await d.locator('[name="borrowConcurrencyFrom"]').selectOption(lender.data.connection.id);
    await d.locator('[data-testid="field-concurrencyPool"]').waitFor({ state: 'visible' });
    await ignored.waitFor({ state: 'visible' });
    expect(await ignored.textContent()).toBe('The “Concurrency level” you chose (12) is ignored while the choices above hide it.');
    expect(await level.isVisible()).toBe(false);

    await d.locator('[name="borrowConcurrencyFrom"]').selectOption('');
    await level.waitFor({ state: 'visible' });
    expect(await ignored.isVisible()).toBe(false);
    expect(await level.inputValue()).toBe('12');

    // A level left at its default has nothing to say.
    await level.selectOption('');
    await d.locator('[name="borrowConcurrencyFrom"]').selectOption(lender.data.connection.id);
    await d.locator('[data-testid="field-concurrencyPool"]').waitFor({ state: 'visible' });
    await level.waitFor({ state: 'hidden' });
    expect(await ignored.isVisible()).toBe(false);
    await d.getByRole('button', { name: 'Cancel', exact: true }).click();
    await d.waitFor({ state: 'hidden' });
  });

  it('a long offline reason takes at most three lines and does not squeeze the other columns', async () => {
    const rowOf = (name: string) => page.locator(`[data-testid="connection-row"][data-connection-name="${name}"]`);
    const otherColumnsOnOneLine = async (name: string): Promise<number[]> => [
      await linesOf(rowOf(name).locator('td[data-label="Name"]')),
      await linesOf(rowOf(name).locator('td[data-label="API user"]')),
      await linesOf(rowOf(name).locator('td[data-label="Concurrency"] [data-testid="connection-level"]')),
    ];
    await stack.api('POST', '/api/connections', { appId: 'cartrover', values: { name: 'Warehouse East coast', apiUser: merchant.apiUser, apiKey: merchant.apiKey } });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    await rowOf('Warehouse East coast').waitFor();
    expect(await otherColumnsOnOneLine('Warehouse East coast')).toEqual([1, 1, 1]);

    stack.sandbox.control.injectFault({ kind: 'html502', count: 1 });
    const offline = await stack.api<{ test: { message: string } }>('POST', '/api/connections', { appId: 'cartrover', values: { name: 'Answered HTML', apiUser: merchant.apiUser, apiKey: merchant.apiKey }, saveOnFailedTest: true });
    expect(offline.status).toBe(201);
    const reasonText = offline.data.test.message;
    expect(reasonText.length).toBeGreaterThan(150);
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    await rowOf('Answered HTML').waitFor();
    const reason = rowOf('Answered HTML').locator('[data-testid="connection-last-test"]');
    // The whole sentence is in the tooltip; the cell shows at most three lines of it.
    expect(await reason.getAttribute('title')).toBe(reasonText);
    const lineHeight = await reason.evaluate((element) => parseFloat(getComputedStyle(element).lineHeight));
    expect((await boxOf(reason)).height).toBeLessThanOrEqual(lineHeight * 3 + 1);
    expect(await otherColumnsOnOneLine('Warehouse East coast')).toEqual([1, 1, 1]);
    expect(await otherColumnsOnOneLine('Answered HTML')).toEqual([1, 1, 1]);
    await page.setViewportSize({ width: 1280, height: 1000 });
  });
});
