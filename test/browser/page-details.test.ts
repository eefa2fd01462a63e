/**
 * Issue 24 point 9, the smaller things a person hit: the integration name's error moves nothing in
 * the header, a level chosen before a lender is said to be ignored, and a long offline reason does
 * not squeeze the connections table. Real Chromium at human speed, real host and sandbox.
 */
import type { Locator } from 'playwright-core';
import { DEMO_USERS } from '../../sandbox/src';
import { describeWithChromium } from './chromium';
import { goToView, useBrowserSuite } from './harness';
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
  const suite = useBrowserSuite(executablePath, { pagePer: 'block' });

  for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
    it(`the integration name's error shows under the field and moves nothing in the header (${viewport.width} px)`, async () => {
      await suite.page.setViewportSize(viewport);
      await goToView(suite.page, 'integrations');
      const title = suite.page.locator('#integrations-title');
      const input = suite.page.locator('#new-integration-name');
      const button = suite.page.locator('[data-testid="create-integration"]');
      const error = suite.page.locator('[data-testid="error-integration.name"]');
      await input.scrollIntoViewIfNeeded();
      await input.fill('');
      const before = [await boxOf(title), await boxOf(input), await boxOf(button)];
      // Pressed as a person does: the button must not move between press and release.
      const press = await pressLikeAPerson(suite.page, button);
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
      await pressLikeAPerson(suite.page, button);
      await suite.page.locator('[data-testid="integrations-list"]').getByText('Details shop').first().waitFor();
      expect(await error.isVisible()).toBe(false);
      expect([await boxOf(title), await boxOf(input), await boxOf(button)]).toEqual(before);
      await suite.page.setViewportSize({ width: 1280, height: 1000 });
    });
  }

  it('a level chosen before a lender is said to be ignored, and comes back with "None"', async () => {
    const lender = await suite.stack.api<{ connection: { id: string } }>('POST', '/api/connections', { appId: 'cartrover', values: { name: 'Lending store', apiUser: merchant.apiUser, apiKey: merchant.apiKey, concurrencyLevel: 7 } });
    expect(lender.status).toBe(201);
    await suite.page.reload();
    await suite.page.waitForSelector('body[data-ready="true"]');
    await goToView(suite.page, 'connections');
    await suite.page.getByRole('button', { name: 'New connection', exact: true }).click();
    const d = suite.page.getByRole('dialog', { name: 'New connection' });
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
    const rowOf = (name: string) => suite.page.locator(`[data-testid="connection-row"][data-connection-name="${name}"]`);
    const otherColumnsOnOneLine = async (name: string): Promise<number[]> => [
      await linesOf(rowOf(name).locator('td[data-label="Name"]')),
      await linesOf(rowOf(name).locator('td[data-label="API user"]')),
      await linesOf(rowOf(name).locator('td[data-label="Concurrency"] [data-testid="connection-level"]')),
    ];
    await suite.stack.api('POST', '/api/connections', { appId: 'cartrover', values: { name: 'Warehouse East coast', apiUser: merchant.apiUser, apiKey: merchant.apiKey } });
    await suite.page.setViewportSize({ width: 1280, height: 800 });
    await suite.page.reload();
    await suite.page.waitForSelector('body[data-ready="true"]');
    await rowOf('Warehouse East coast').waitFor();
    expect(await otherColumnsOnOneLine('Warehouse East coast')).toEqual([1, 1, 1]);

    suite.stack.sandbox.control.injectFault({ kind: 'html502', count: 1 });
    const offline = await suite.stack.api<{ test: { message: string } }>('POST', '/api/connections', { appId: 'cartrover', values: { name: 'Answered HTML', apiUser: merchant.apiUser, apiKey: merchant.apiKey }, saveOnFailedTest: true });
    expect(offline.status).toBe(201);
    const reasonText = offline.data.test.message;
    expect(reasonText.length).toBeGreaterThan(150);
    await suite.page.reload();
    await suite.page.waitForSelector('body[data-ready="true"]');
    await rowOf('Answered HTML').waitFor();
    const reason = rowOf('Answered HTML').locator('[data-testid="connection-last-test"]');
    // The whole sentence is in the tooltip; the cell shows at most three lines of it.
    expect(await reason.getAttribute('title')).toBe(reasonText);
    const lineHeight = await reason.evaluate((element) => parseFloat(getComputedStyle(element).lineHeight));
    expect((await boxOf(reason)).height).toBeLessThanOrEqual(lineHeight * 3 + 1);
    expect(await otherColumnsOnOneLine('Warehouse East coast')).toEqual([1, 1, 1]);
    expect(await otherColumnsOnOneLine('Answered HTML')).toEqual([1, 1, 1]);
    await suite.page.setViewportSize({ width: 1280, height: 1000 });
  });
});
