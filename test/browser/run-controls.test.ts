/**
 * Issue 24 points 4 and 5 on the page: a running flow shows how far it is (of the file's records,
 * with a percentage) and can be stopped with its Stop button (pressed at human speed); a run that
 * wrote some records and failed others reads "Completed with errors", not "Failed".
 */
import type { Locator } from 'playwright-core';
import { describeWithChromium } from './chromium';
import { importFlow, ordersFile, shopIntegration, uploadFile } from './flow-setup';
import { useBrowserSuite } from './harness';
import { pressLikeAPerson } from './human';

interface RunView {
  status: string;
  read: number;
  written: number;
  failed: number;
  skipped: number;
}

describeWithChromium('web page: stopping a run, its progress and "Completed with errors"', (executablePath) => {
  let shop: { integrationId: string; connectionId: string };

  const suite = useBrowserSuite(executablePath, {
    pagePer: 'test',
    view: 'flows',
    setUp: async () => {
      shop = await shopIntegration(suite.stack);
    },
  });
  afterEach(() => {
    suite.stack.sandbox.control.setLatency(0);
  });

  function flowRow(flowId: string): Locator {
    return suite.page.locator(`[data-testid="flow-row"][data-flow-id="${flowId}"]`);
  }

  it('shows "n of total (p %)" while a file is imported, and Stop ends the run "Stopped" with the rest not sent', async () => {
    const total = 200;
    await uploadFile(suite.stack, 'many.ndjson', ordersFile('STOP', total));
    const flowId = await importFlow(suite.stack, shop, 'Slow import', 'many.ndjson');
    suite.stack.sandbox.control.setLatency(200); // slow enough (about 8 s in all) to press Stop midway
    await suite.page.reload();
    await suite.page.waitForSelector('body[data-ready="true"]');
    const row = flowRow(flowId);
    await row.getByRole('button', { name: 'Run', exact: true }).click();

    const progress = row.locator('[data-testid="run-progress-text"]');
    await progress.waitFor();
    await suite.page.waitForFunction((id) => {
      const text = document.querySelector(`[data-flow-id="${id}"] [data-testid="run-progress-text"]`)?.textContent ?? '';
      const read = Number(/(\d+) of/.exec(text)?.[1] ?? 0);
      return read > 0;
    }, flowId);
    expect(await progress.textContent()).toMatch(new RegExp(`\\d+ of ${total} records read \\(\\d+ %\\)`));

    const { movedBy } = await pressLikeAPerson(suite.page, row.getByRole('button', { name: 'Stop', exact: true }));
    expect(movedBy).toBe(0);
    const status = row.locator('[data-testid="flow-run-status"][data-status="canceled"]');
    await status.waitFor({ timeout: 30000 });
    expect(await status.locator('.badge').textContent()).toBe('Stopped');

    const runs = (await suite.stack.api<(RunView & { id: string })[]>('GET', `/api/flows/${flowId}/runs`)).data;
    expect(runs[0]!.status).toBe('canceled');
    expect(runs[0]!.written).toBeLessThan(total);
    expect(suite.stack.sandbox.control.counters().createAttempts[`STOP-${total}`]).toBeUndefined(); // the last record was never sent
    await row.getByRole('button', { name: 'Run', exact: true }).waitFor(); // runnable again
  });

  it('a run with written and failed records is "Completed with errors" in the row and the history', async () => {
    const good = ordersFile('PART', 2).trim().split('\n');
    await uploadFile(suite.stack, 'mixed.ndjson', [...good, JSON.stringify({ cust_ref: 'PART-BAD' })].join('\n') + '\n');
    const flowId = await importFlow(suite.stack, shop, 'Mixed import', 'mixed.ndjson');
    await suite.page.reload();
    await suite.page.waitForSelector('body[data-ready="true"]');
    const row = flowRow(flowId);
    await row.getByRole('button', { name: 'Run', exact: true }).click();
    const status = row.locator('[data-testid="flow-run-status"][data-status="partial"]');
    await status.waitFor({ timeout: 30000 });
    expect(await status.locator('.badge').textContent()).toBe('Completed with errors');
    await row.getByRole('button', { name: 'History', exact: true }).click();
    const historyRow = suite.page.locator('[data-testid="run-history-row"][data-status="partial"]');
    await historyRow.waitFor();
    expect(await historyRow.textContent()).toContain('Completed with errors');
  });
});
