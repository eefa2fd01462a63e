/**
 * Issue 24 point 3: a file from disk, by the file chooser or dropped on the page, uploads with its
 * progress shown; a stored file opens into the editor with "Open stored file".
 */
import { describeWithChromium } from './chromium';
import { ordersFile } from './flow-setup';
import { useBrowserSuite } from './harness';

interface FileView {
  name: string;
  size: number;
}

describeWithChromium('web page: uploading files from disk', (executablePath) => {
  const suite = useBrowserSuite(executablePath, { pagePer: 'test', view: 'files' });

  it('the file chooser uploads a large file (about 720 KB) with progress, and it is listed', async () => {
    const text = ordersFile('DISK', 3000);
    expect(text.length).toBeGreaterThan(600_000);
    await suite.page.locator('[data-testid="file-picker"]').setInputFiles({ name: 'big orders.ndjson', mimeType: 'application/x-ndjson', buffer: Buffer.from(text) });
    const done = suite.page.locator('[data-testid="file-drop-message"][data-kind="success"]');
    await done.waitFor();
    expect(await done.textContent()).toContain('Uploaded “big-orders.ndjson” (3000 records)');
    expect(await suite.page.locator('#file-upload-bar').evaluate((bar: HTMLProgressElement) => bar.value)).toBe(100);
    expect(await suite.page.locator('[data-testid="file-upload-text"]').textContent()).toContain('100 %');
    await suite.page.locator('[data-testid="file-row"][data-file-name="big-orders.ndjson"]').waitFor();
    const stored = (await suite.stack.api<FileView[]>('GET', '/api/files')).data.find((file) => file.name === 'big-orders.ndjson');
    expect(stored?.size).toBe(Buffer.byteLength(text));
  });

  it('a file dropped on the drop zone is uploaded; a file that is not NDJSON is refused with the line', async () => {
    const drop = async (name: string, content: string) => {
      const transfer = await suite.page.evaluateHandle(({ fileName, body }) => {
        const data = new DataTransfer();
        data.items.add(new File([body], fileName, { type: 'application/x-ndjson' }));
        return data;
      }, { fileName: name, body: content });
      await suite.page.dispatchEvent('[data-testid="file-drop"]', 'dragenter', { dataTransfer: transfer });
      await suite.page.dispatchEvent('[data-testid="file-drop"]', 'drop', { dataTransfer: transfer });
    };
    await drop('dropped.ndjson', ordersFile('DROP', 2));
    await suite.page.locator('[data-testid="file-drop-message"][data-kind="success"]', { hasText: 'Uploaded “dropped.ndjson” (2 records)' }).waitFor();
    await suite.page.locator('[data-testid="file-row"][data-file-name="dropped.ndjson"]').waitFor();

    await drop('broken.ndjson', '{"cust_ref":"A-1"}\nnot json\n');
    const refused = suite.page.locator('[data-testid="file-drop-message"][data-kind="error"]');
    await refused.waitFor();
    expect(await refused.textContent()).toMatch(/“broken\.ndjson” was not uploaded: .*line 2/i);
    expect((await suite.stack.api<FileView[]>('GET', '/api/files')).data.map((file) => file.name)).not.toContain('broken.ndjson');
  });

  it('"Open stored file" opens a stored file into the editor', async () => {
    await suite.page.locator('[name="file.name"]').fill('dropped.ndjson');
    await suite.page.getByRole('button', { name: 'Open stored file', exact: true }).click();
    await suite.page.locator('[data-testid="file-message"]', { hasText: 'Loaded' }).waitFor();
    expect((await suite.page.locator('[name="file.content"]').inputValue()).trim().split('\n')).toHaveLength(2);
  });
});
