/** Issue 24 point 9: on a first start every list says in a sentence that it is empty. */
import { describeWithChromium } from './chromium';
import { goToView, openApp, startStack } from './harness';
import type { Stack, View } from './harness';
import { uploadFile } from './flow-setup';

describeWithChromium('web page: the first load of an empty host', (executablePath) => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack(executablePath);
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('connections, integrations, flows, files and pools each show their empty-state sentence', async () => {
    const app = await openApp(stack);
    for (const view of ['connections', 'integrations', 'flows', 'files', 'pools'] as View[]) {
      await goToView(app.page, view);
      const empty = app.page.locator(`#${view}-empty`);
      await empty.waitFor({ state: 'visible', timeout: 5000 });
      expect((await empty.textContent())!.trim()).toMatch(/^No .+\.$/);
    }
    expect(app.problems).toEqual([]);
    await app.context.close();
  });

  it('the buttons and links of a row have space between them', async () => {
    await uploadFile(stack, 'spaced.ndjson', '{"n":1}\n');
    const app = await openApp(stack, 'files');
    const actions = app.page.locator('[data-testid="file-row"][data-file-name="spaced.ndjson"] td.actions > *');
    await actions.first().waitFor();
    const boxes = await actions.evaluateAll((elements) => elements.map((el) => el.getBoundingClientRect()).map((box) => ({ left: box.left, right: box.right })));
    expect(boxes.length).toBeGreaterThan(2);
    for (let index = 1; index < boxes.length; index += 1) expect(boxes[index]!.left - boxes[index - 1]!.right).toBeGreaterThanOrEqual(4);
    await app.context.close();
  });

  it('"Order status" offers "New" once (as the default)', async () => {
    const app = await openApp(stack, 'flows');
    await app.page.locator('[name="source.appId"]').selectOption('cartrover');
    await app.page.locator('[name="source.operation"]').selectOption('orders');
    const status = app.page.locator('select[name="source.config.status"]');
    await status.waitFor();
    const labels = await status.locator('option').allTextContents();
    expect(labels.filter((label) => /^New( \(default\))?$/.test(label))).toEqual(['New (default)']);
    await app.context.close();
  });
});
