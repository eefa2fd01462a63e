/**
 * Issue 24 point 2: in a new connection dialog, the first click on Test, Save or Cancel right after
 * typing works at human speed (press, 120 ms, release). Leaving the Name field empty shows its
 * error line; that must not push the buttons away while the pointer is held.
 */
import type { Locator, Page } from 'playwright-core';
import { DEMO_USERS } from '../../sandbox/src';
import { describeWithChromium } from './chromium';
import { useBrowserSuite } from './harness';
import { pressLikeAPerson } from './human';

const merchant = DEMO_USERS.find((user) => user.level === 'merchant')!;

/**
 * Opens a new connection dialog and types a Name that another connection has ("shop" beside
 * "Shop"), then waits for the form's verdict: leaving Name by pressing a button shows its error.
 */
async function openNewConnectionAndType(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'New connection', exact: true }).click();
  const d = page.getByRole('dialog', { name: 'New connection' });
  await d.locator('[name="name"]').waitFor({ state: 'visible' });
  await page.waitForFunction(() => document.activeElement?.getAttribute('name') === 'name');
  const verdict = page.waitForResponse((response) => response.url().endsWith('/connection-form') && response.request().postData()?.includes('"name":"shop"') === true);
  await page.keyboard.type('shop', { delay: 40 }); // Name has the focus when the dialog opens
  await verdict;
  expect(await d.locator('[data-testid="error-name"]').isVisible()).toBe(false); // not yet: Name still has the focus
  return d;
}

describeWithChromium('web page: the connection dialog at human speed', (executablePath) => {
  // A page per test at 1280x1000: the dialog is shorter than the window, so a new line grows it.
  const suite = useBrowserSuite(executablePath, {
    pagePer: 'test',
    setUp: async () => {
      expect((await suite.stack.api('POST', '/api/connections', { appId: 'cartrover', values: { name: 'Shop', apiUser: merchant.apiUser, apiKey: merchant.apiKey } })).status).toBe(201);
    },
  });

  it('Test: the first press works and the button does not move; the Name error shows after the release', async () => {
    const d = await openNewConnectionAndType(suite.page);
    const { movedBy } = await pressLikeAPerson(suite.page, d.getByRole('button', { name: 'Test', exact: true }));
    expect(movedBy).toBe(0);
    await d.locator('[data-testid="connection-result"]').waitFor({ state: 'visible' });
    await d.locator('[data-testid="error-name"]').waitFor({ state: 'visible' });
    expect(await d.locator('[data-testid="error-name"]').textContent()).toMatch(/already/i);
  });

  it('Cancel right after the dialog opens (Name focused and empty) closes it on the first press', async () => {
    await suite.page.getByRole('button', { name: 'New connection', exact: true }).click();
    const d = suite.page.getByRole('dialog', { name: 'New connection' });
    await d.locator('[name="name"]').waitFor({ state: 'visible' });
    await suite.page.waitForFunction(() => document.activeElement?.getAttribute('name') === 'name');
    const { movedBy } = await pressLikeAPerson(suite.page, d.getByRole('button', { name: 'Cancel', exact: true }));
    expect(movedBy).toBe(0);
    await d.waitFor({ state: 'hidden' });
  });

  it('Save: the first press works (the form answers with what to correct)', async () => {
    const d = await openNewConnectionAndType(suite.page);
    const { movedBy } = await pressLikeAPerson(suite.page, d.getByRole('button', { name: 'Save', exact: true }));
    expect(movedBy).toBe(0);
    const result = d.locator('[data-testid="connection-result"]');
    await result.waitFor({ state: 'visible' });
    await d.locator('[data-testid="connection-result"][data-state="error"]').waitFor();
    expect(await result.textContent()).toContain('Name');
    expect((await suite.stack.api<unknown[]>('GET', '/api/connections')).data).toHaveLength(1);
  });

  it('Cancel: the first press closes the dialog', async () => {
    const d = await openNewConnectionAndType(suite.page);
    const { movedBy } = await pressLikeAPerson(suite.page, d.getByRole('button', { name: 'Cancel', exact: true }));
    expect(movedBy).toBe(0);
    await d.waitFor({ state: 'hidden' });
  });
});
