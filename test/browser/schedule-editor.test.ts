/**
 * Issue 24 point 8: the flow editor's schedule. In "Every …" mode the unit select shows its word;
 * a cron error sits under the cron field in the error style and goes away on a switch to an
 * interval.
 */
import { describeWithChromium } from './chromium';
import { useBrowserSuite } from './harness';
import { shopIntegration, uploadFile } from './flow-setup';

describeWithChromium('web page: the schedule editor', (executablePath) => {
  const suite = useBrowserSuite(executablePath, {
    pagePer: 'test',
    view: 'flows',
    setUp: async () => {
      await shopIntegration(suite.stack);
      await uploadFile(suite.stack, 'orders.ndjson', '{"n":1}\n');
    },
  });

  it('"Every …": the unit select is wide enough for "minutes" (not squashed to its arrow)', async () => {
    const page = suite.page;
    await page.locator('[data-testid="schedule-kind"]').selectOption('interval');
    const unit = page.locator('[data-testid="schedule-unit"]');
    await unit.waitFor({ state: 'visible' });
    const fits = await unit.evaluate((select: HTMLSelectElement) => {
      const probe = document.createElement('span');
      probe.textContent = select.selectedOptions[0]!.textContent;
      probe.style.font = getComputedStyle(select).font;
      document.body.append(probe);
      const textWidth = probe.getBoundingClientRect().width;
      probe.remove();
      return { select: select.getBoundingClientRect().width, text: textWidth };
    });
    expect(fits.select).toBeGreaterThan(fits.text + 20); // the word and the arrow
    const every = await page.locator('[data-testid="schedule-every"]').boundingBox();
    expect(every!.width).toBeGreaterThan(40);
  });

  it('a cron error is under the cron field in the error colour, and a switch to "Every …" removes it', async () => {
    const page = suite.page;
    await page.locator('[name="source.appId"]').selectOption('file');
    await page.locator('[name="source.operation"]').selectOption('read');
    await page.locator('[name="source.config.name"]').selectOption('orders.ndjson');
    await page.locator('[name="destination.appId"]').selectOption('file');
    await page.locator('[name="destination.operation"]').selectOption('write');
    await page.locator('[name="destination.config.name"]').fill('out.ndjson');
    await page.locator('[name="flow.name"]').fill('Nightly copy');
    await page.locator('[data-testid="schedule-kind"]').selectOption('cron');
    await page.locator('[data-testid="schedule-cron"]').fill('every day');
    await page.getByRole('button', { name: 'Create flow', exact: true }).click();
    const error = page.locator('[data-testid="error-schedule"]');
    await error.waitFor({ state: 'visible' });
    expect(await error.textContent()).toContain('is not a cron expression');
    // Under the cron field, in the error colour (not the text colour of the page).
    expect(await error.evaluate((el) => el.closest('#schedule-cron') !== null)).toBe(true);
    const [errorColour, textColour] = await error.evaluate((el) => [getComputedStyle(el).color, getComputedStyle(document.body).color]);
    expect(errorColour).not.toBe(textColour);

    await page.locator('[data-testid="schedule-kind"]').selectOption('interval');
    await error.waitFor({ state: 'hidden' });
  });
});
