/**
 * The connection dialog's layout in real Chromium (issue 15 point 9): on a laptop screen every
 * field fits without the dialog scrolling, help is a one-line hint whose full text opens below it
 * (nothing above the pointer moves), and a narrow window still shows the whole dialog.
 */
import type { Locator, Page } from 'playwright-core';
import { DEMO_USERS } from '../../sandbox/src';
import { describeWithChromium } from './chromium';
import { useBrowserSuite } from './harness';

const merchant = DEMO_USERS.find((user) => user.level === 'merchant')!;

async function openNewConnection(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'New connection', exact: true }).click();
  const d = page.getByRole('dialog', { name: 'New connection' });
  await d.locator('[name="name"]').waitFor({ state: 'visible' });
  return d;
}

/** The dialog's own scroll box: what it would scroll by, and how wide it overflows. */
async function overflowOf(d: Locator): Promise<{ vertical: number; horizontal: number }> {
  return d.evaluate((dialog) => ({ vertical: dialog.scrollHeight - dialog.clientHeight, horizontal: dialog.scrollWidth - dialog.clientWidth }));
}

async function topOf(locator: Locator): Promise<number> {
  const box = await locator.boundingBox();
  if (!box) throw new Error('not laid out');
  return box.y;
}

describeWithChromium('web page: connection dialog layout', (executablePath) => {
  const suite = useBrowserSuite(executablePath, {
    pagePer: 'test',
    setUp: async () => {
      // A lender, so the "borrow from" list has a choice and the dialog shows everything it can.
      const created = await suite.stack.api('POST', '/api/connections', { appId: 'cartrover', values: { name: 'Lender', apiUser: merchant.apiUser, apiKey: merchant.apiKey } });
      expect(created.status).toBe(201);
    },
  });

  it('at 1280x800 the new-connection dialog with every field visible does not scroll', async () => {
    await suite.page.setViewportSize({ width: 1280, height: 800 });
    const d = await openNewConnection(suite.page);
    // Every input field of the form is shown (nothing borrowed: the level field is visible too).
    for (const field of ['name', 'apiUser', 'apiKey', 'borrowConcurrencyFrom', 'concurrencyLevel']) {
      await d.locator(`[name="${field}"]`).waitFor({ state: 'visible' });
    }
    const helps = d.locator('.help:visible');
    expect(await helps.count()).toBeGreaterThan(0); // help is still offered
    expect((await overflowOf(d)).vertical).toBeLessThanOrEqual(0);
    await expect(d.getByRole('button', { name: 'Save', exact: true }).isVisible()).resolves.toBe(true);
  });

  it('opening a help text moves nothing above the pointer, and its full text is there', async () => {
    await suite.page.setViewportSize({ width: 1280, height: 800 });
    const d = await openNewConnection(suite.page);
    const toggle = d.locator('details.help > summary').first();
    await toggle.waitFor({ state: 'visible' });
    const details = d.locator('details.help').first();
    const field = details.locator('xpath=ancestor::*[contains(@class,"field")][1]');
    const input = field.locator('input, select').first();
    const [toggleTop, inputTop, dialogTop] = [await topOf(toggle), await topOf(input), await topOf(d)];
    const fullText = (await details.locator('.help-full').textContent()) ?? '';
    expect(fullText.length).toBeGreaterThan(0);
    expect(await details.locator('.help-full').isVisible()).toBe(false);

    await toggle.click();
    expect(await details.getAttribute('open')).not.toBeNull();
    expect(await details.locator('.help-full').isVisible()).toBe(true);
    expect(await topOf(toggle)).toBe(toggleTop);
    expect(await topOf(input)).toBe(inputTop);
    // The dialog grows downwards (a centred one would have moved up under the pointer).
    expect(await topOf(d)).toBe(dialogTop);
    await toggle.click();
    expect(await details.locator('.help-full').isVisible()).toBe(false);
  });

  it('below 500 px wide the dialog fits the width and every field and action stays reachable', async () => {
    await suite.page.setViewportSize({ width: 420, height: 760 });
    const d = await openNewConnection(suite.page);
    expect((await overflowOf(d)).horizontal).toBeLessThanOrEqual(0);
    const box = await d.boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(420);
    for (const field of ['name', 'apiUser', 'apiKey', 'borrowConcurrencyFrom', 'concurrencyLevel']) {
      await d.locator(`[name="${field}"]`).scrollIntoViewIfNeeded();
      expect(await d.locator(`[name="${field}"]`).isVisible()).toBe(true);
    }
    await expect(d.getByRole('button', { name: 'Save', exact: true }).isVisible()).resolves.toBe(true);
  });
});
