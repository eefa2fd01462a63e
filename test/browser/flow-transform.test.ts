/**
 * Issue 24 point 7 in the page: the flow editor takes a JSONata transform, previews it on the
 * source file's first record, and shows a bad expression's error (with its position) under it.
 */
import { describeWithChromium } from './chromium';
import { shopIntegration, uploadFile } from './flow-setup';
import { useBrowserSuite } from './harness';

describeWithChromium('web page: a flow\'s transform', (executablePath) => {
  const suite = useBrowserSuite(executablePath, {
    pagePer: 'block',
    view: 'flows',
    setUp: async () => {
      await shopIntegration(suite.stack);
      await uploadFile(suite.stack, 'export.ndjson', '{"order_number":"EX-1","status":"new","ship":{"state":"IL"}}\n{"order_number":"EX-2","status":"shipped","ship":{"state":"NY"}}\n');
    },
  });

  it('previews the expression on the source file\'s first record', async () => {
    const page = suite.page;
    await page.locator('[name="source.appId"]').selectOption('file');
    await page.locator('[name="source.operation"]').selectOption('read');
    await page.locator('[name="source.config.name"]').selectOption('export.ndjson');
    await page.locator('[data-testid="flow-transform"]').fill('{ "cust_ref": order_number, "ship_state": ship.state }');
    await page.getByRole('button', { name: 'Use the source file\'s first record', exact: true }).click();
    await page.waitForFunction(() => (document.querySelector('[data-testid="flow-transform-sample"]') as HTMLTextAreaElement).value.includes('EX-1'));
    await page.getByRole('button', { name: 'Preview', exact: true }).click();
    const output = page.locator('[data-testid="flow-transform-result"][data-outcome="record"] [data-testid="flow-transform-output"]');
    await output.waitFor();
    expect(JSON.parse((await output.textContent())!)).toEqual({ cust_ref: 'EX-1', ship_state: 'IL' });

    await page.locator('[data-testid="flow-transform"]').fill('status = "new" ? $ : undefined');
    await page.locator('[data-testid="flow-transform-sample"]').fill('{"status":"shipped"}');
    await page.getByRole('button', { name: 'Preview', exact: true }).click();
    await page.locator('[data-testid="flow-transform-result"][data-outcome="dropped"]', { hasText: 'counts it as skipped' }).waitFor();
  });

  it('a bad expression is refused on Create flow with its position under the field; a good one is saved', async () => {
    const page = suite.page;
    await page.locator('[name="destination.appId"]').selectOption('file');
    await page.locator('[name="destination.operation"]').selectOption('write');
    await page.locator('[name="destination.config.name"]').fill('mapped.ndjson');
    await page.locator('[name="flow.name"]').fill('Mapped copy');
    await page.locator('[data-testid="flow-transform"]').fill('{ "cust_ref": order_number');
    await page.getByRole('button', { name: 'Create flow', exact: true }).click();
    const error = page.locator('[data-testid="error-transform"]');
    await error.waitFor({ state: 'visible' });
    expect(await error.textContent()).toMatch(/not a valid JSONata expression: .*at character \d+/);

    await page.locator('[data-testid="flow-transform"]').fill('{ "cust_ref": order_number }');
    await page.getByRole('button', { name: 'Create flow', exact: true }).click();
    await page.locator('[data-testid="flow-row"][data-flow-name="Mapped copy"]').waitFor();
    const flows = (await suite.stack.api<{ name: string; transform?: string }[]>('GET', '/api/flows')).data;
    expect(flows.find((flow) => flow.name === 'Mapped copy')?.transform).toBe('{ "cust_ref": order_number }');
    // The editor is reset for the next flow, and says what happened where the user looks.
    expect(await page.locator('[data-testid="flow-transform"]').inputValue()).toBe('');
    expect(await page.locator('[name="source.appId"]').inputValue()).toBe('');
    const confirmation = page.locator('[data-testid="flow-form-message"][data-kind="success"]');
    expect(await confirmation.isVisible()).toBe(true);
    const inView = await confirmation.evaluate((el) => {
      const box = el.getBoundingClientRect();
      return box.top >= 0 && box.bottom <= window.innerHeight;
    });
    expect(inView).toBe(true);
  });
});
