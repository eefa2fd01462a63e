/**
 * The connection dialog and the connections list in a real headless Chromium, against the real
 * host, the plugin and the CartRover sandbox.
 */
import type { Locator, Page } from 'playwright-core';
import { DEMO_USERS } from '../../sandbox/src';
import { describeWithChromium } from './chromium';
import { useBrowserSuite } from './harness';

const merchant = DEMO_USERS.find((user) => user.level === 'merchant')!;

interface ConnectionView {
  id: string;
  name: string;
  offline: boolean;
  borrowConcurrencyFrom: string | null;
  concurrencyLevel: number | null;
}

interface TestResultView {
  ok: boolean;
  kind?: string;
  message: string;
}

function row(page: Page, name: string): Locator {
  return page.locator(`[data-testid="connection-row"][data-connection-name="${name}"]`);
}

async function openNewConnection(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'New connection', exact: true }).click();
  const d = page.getByRole('dialog', { name: 'New connection' });
  await d.locator('[name="name"]').waitFor({ state: 'visible' });
  return d;
}

async function fill(d: Locator, values: { name?: string; apiUser?: string; apiKey?: string }): Promise<void> {
  if (values.name !== undefined) await d.locator('[name="name"]').fill(values.name);
  if (values.apiUser !== undefined) await d.locator('[name="apiUser"]').fill(values.apiUser);
  if (values.apiKey !== undefined) await d.locator('[name="apiKey"]').fill(values.apiKey);
}

async function focusedName(page: Page): Promise<string | null> {
  return page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.getAttribute('name') ?? null);
}

describeWithChromium('web page: connections', (executablePath) => {
  const suite = useBrowserSuite(executablePath, { pagePer: 'test' });

  async function connections(): Promise<ConnectionView[]> {
    return (await suite.stack.api<ConnectionView[]>('GET', '/api/connections')).data;
  }

  it('creates a connection through the dialog; focus and caret stay put while the form re-renders', async () => {
    const d = await openNewConnection(suite.page);
    expect(await focusedName(suite.page)).toBe('name');
    const name = d.locator('[name="name"]');
    // Slower than the debounce, so the form is re-rendered between keystrokes.
    await name.pressSequentially('Main stre', { delay: 220 });
    expect(await focusedName(suite.page)).toBe('name');
    await name.press('Home');
    await name.pressSequentially('The ', { delay: 220 });
    expect(await name.inputValue()).toBe('The Main stre');
    expect(await name.evaluate((input: HTMLInputElement) => input.selectionStart)).toBe(4);
    await name.press('End');
    await name.pressSequentially('et', { delay: 220 });
    expect(await name.inputValue()).toBe('The Main street');
    expect(await focusedName(suite.page)).toBe('name');

    await fill(d, { apiUser: merchant.apiUser, apiKey: merchant.apiKey });
    await d.getByRole('button', { name: 'Test', exact: true }).click();
    await d.locator('[data-testid="connection-result"][data-state="success"]').waitFor();

    await d.getByRole('button', { name: 'Save', exact: true }).click();
    await d.waitFor({ state: 'hidden' });
    const saved = row(suite.page, 'The Main street');
    await saved.waitFor();
    expect(await saved.locator('[data-testid="connection-status"]').textContent()).toBe('Online');
    expect(await saved.textContent()).toContain(merchant.apiUser);
    expect(await suite.page.content()).not.toContain(merchant.apiKey);
    expect((await connections()).map((c) => c.name)).toEqual(['The Main street']);
  });

  it('shows field errors only after the field was touched, or on Save', async () => {
    const d = await openNewConnection(suite.page);
    const nameError = d.locator('[data-testid="error-name"]');
    const userError = d.locator('[data-testid="error-apiUser"]');
    expect(await nameError.isVisible()).toBe(false);
    await d.locator('[name="name"]').focus();
    await suite.page.keyboard.press('Tab');
    await nameError.waitFor({ state: 'visible' });
    expect(await userError.isVisible()).toBe(false);

    await d.getByRole('button', { name: 'Save', exact: true }).click();
    await userError.waitFor({ state: 'visible' });
    expect(await d.locator('[data-testid="error-apiKey"]').isVisible()).toBe(true);
    expect(await d.isVisible()).toBe(true);
    await d.getByRole('button', { name: 'Cancel', exact: true }).click();
    await d.waitFor({ state: 'hidden' });
    expect(await connections()).toHaveLength(1);
  });

  it('hides "Concurrency level" and shows the shared pool when a lender is chosen', async () => {
    const lender = (await connections()).find((c) => c.name === 'The Main street')!;
    const d = await openNewConnection(suite.page);
    await fill(d, { name: 'Borrower' });
    const level = d.locator('[data-testid="field-concurrencyLevel"]');
    const note = d.locator('[data-testid="field-concurrencyPool"]');
    await level.waitFor({ state: 'visible' });
    expect(await note.isVisible()).toBe(false);

    await d.locator('[name="borrowConcurrencyFrom"]').selectOption(lender.id);
    await level.waitFor({ state: 'hidden' });
    await note.waitFor({ state: 'visible' });
    expect(await note.textContent()).toContain('The Main street');

    await d.locator('[name="borrowConcurrencyFrom"]').selectOption('');
    await level.waitFor({ state: 'visible' });
    await note.waitFor({ state: 'hidden' });

    await d.locator('[name="borrowConcurrencyFrom"]').selectOption(lender.id);
    await level.waitFor({ state: 'hidden' });
    await fill(d, { apiUser: merchant.apiUser, apiKey: merchant.apiKey });
    await d.getByRole('button', { name: 'Save', exact: true }).click();
    await d.waitFor({ state: 'hidden' });
    const saved = row(suite.page, 'Borrower');
    await saved.waitFor();
    expect(await saved.locator('[data-testid="connection-borrow"]').textContent()).toContain('The Main street');
    const stored = (await connections()).find((c) => c.name === 'Borrower')!;
    expect(stored.borrowConcurrencyFrom).toBe(lender.id);
  });

  it('a wrong key shows the specific failure, and nothing is saved', async () => {
    const values = { name: 'Wrong key', apiUser: merchant.apiUser, apiKey: 'not-the-key' };
    const expected = (await suite.stack.api<TestResultView>('POST', '/api/connections/test', { appId: 'cartrover', values })).data;
    expect(expected.ok).toBe(false);

    const d = await openNewConnection(suite.page);
    await fill(d, values);
    suite.stack.sandbox.control.setLatency(600);
    try {
      await d.getByRole('button', { name: 'Test', exact: true }).click();
      const result = d.locator('[data-testid="connection-result"]');
      await result.locator('text=Testing your connection…').waitFor();
      await d.locator('[data-testid="connection-result"][data-state="error"]').waitFor();
      expect(await result.getAttribute('data-kind')).toBe(expected.kind);
      expect(await result.locator('[data-testid="connection-result-text"]').textContent()).toBe(expected.message);
    } finally {
      suite.stack.sandbox.control.setLatency(0);
    }

    // A config error is reported on the field, before any network call.
    await d.locator('[name="apiUser"]').fill('');
    await d.getByRole('button', { name: 'Test', exact: true }).click();
    await d.locator('[data-testid="connection-result"][data-kind="config"]').waitFor();
    await d.locator('[data-testid="error-apiUser"]').waitFor({ state: 'visible' });

    await d.getByRole('button', { name: 'Cancel', exact: true }).click();
    expect((await connections()).map((c) => c.name)).not.toContain('Wrong key');
  });

  it('saves a connection whose test failed only after "Confirm save"; the list shows it offline', async () => {
    const d = await openNewConnection(suite.page);
    await fill(d, { name: 'Wrong key', apiUser: merchant.apiUser, apiKey: 'not-the-key' });
    const confirm = suite.page.getByRole('dialog', { name: 'Confirm save' });

    await d.getByRole('button', { name: 'Save', exact: true }).click();
    await confirm.waitFor({ state: 'visible' });
    const failure = (await d.locator('[data-testid="connection-result-text"]').textContent())!.replace(/\.\s*$/, '');
    expect(await confirm.textContent()).toContain(
      `Are you sure you want to save this connection? Test connection failed with the following error: ${failure}.`,
    );
    await confirm.getByRole('button', { name: 'Cancel', exact: true }).click();
    await confirm.waitFor({ state: 'hidden' });
    expect(await d.isVisible()).toBe(true);
    expect((await connections()).map((c) => c.name)).not.toContain('Wrong key');

    await d.getByRole('button', { name: 'Save', exact: true }).click();
    await confirm.waitFor({ state: 'visible' });
    await confirm.getByRole('button', { name: 'Save', exact: true }).click();
    await d.waitFor({ state: 'hidden' });
    const saved = row(suite.page, 'Wrong key');
    await saved.waitFor();
    expect(await saved.locator('[data-testid="connection-status"]').textContent()).toBe('Offline');
    expect((await connections()).find((c) => c.name === 'Wrong key')!.offline).toBe(true);

    // Testing it from the list shows the failure under the row.
    await saved.getByRole('button', { name: 'Test', exact: true }).click();
    const message = suite.page.locator('[data-testid="connection-row-message"][data-kind="error"]');
    await message.waitFor();
    expect(await message.textContent()).toContain(failure);
  });

  it('edits a connection: the stored key is a placeholder, never a value', async () => {
    await row(suite.page, 'The Main street').getByRole('button', { name: 'Edit', exact: true }).click();
    const d = suite.page.getByRole('dialog', { name: 'Edit connection' });
    const key = d.locator('[name="apiKey"]');
    await d.locator('[name="name"]').waitFor({ state: 'visible' });
    await suite.page.waitForFunction(() => (document.querySelector('#connection-dialog [name="name"]') as HTMLInputElement).value === 'The Main street');
    expect(await key.getAttribute('type')).toBe('password');
    expect(await key.inputValue()).toBe('');
    expect(await key.getAttribute('placeholder')).toBe('******');
    await d.locator('[name="concurrencyLevel"]').selectOption('3');
    await d.getByRole('button', { name: 'Save', exact: true }).click();
    await d.waitFor({ state: 'hidden' });
    await suite.page.locator('[data-connection-name="The Main street"] [data-testid="connection-level"]', { hasText: 'Level 3' }).waitFor();
    expect((await connections()).find((c) => c.name === 'The Main street')!.concurrencyLevel).toBe(3);
  });

  it('a refused lender delete explains itself before anything is lost', async () => {
    await row(suite.page, 'The Main street').getByRole('button', { name: 'Delete', exact: true }).click();
    // No "are you sure?" first: the page says what would break, and offers no Delete at all.
    const refusal = suite.page.getByRole('dialog', { name: '“The Main street” cannot be deleted yet' });
    await refusal.waitFor({ state: 'visible' });
    expect(await refusal.textContent()).toContain('Nothing was deleted');
    expect(await refusal.locator('[data-testid="confirm-details"]').textContent()).toContain('“Borrower” borrows its concurrency');
    expect(await refusal.getByRole('button', { name: 'Delete' }).count()).toBe(0);
    await refusal.getByRole('button', { name: 'Close', exact: true }).click();
    await refusal.waitFor({ state: 'hidden' });
    expect((await connections()).map((c) => c.name)).toContain('The Main street');
    // The lender's row says whom it lends to.
    expect(await row(suite.page, 'The Main street').locator('[data-testid="connection-lends"]').textContent()).toBe('Lends to Borrower');
  });
});
