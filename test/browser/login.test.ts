/**
 * Logging in as a user does: the CLI's `serve` prints a login URL; Chromium opens it, lands on `/`
 * with an HttpOnly SameSite=Strict session cookie, and the page works without ever seeing the token.
 */
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { PROJECT_ROOT } from '../support/temp-plugin';
import { describeWithChromium, launchChromium } from './chromium';

const CLI = path.join(PROJECT_ROOT, 'cli', 'dist', 'main.js');

async function printedLine(child: ChildProcessWithoutNullStreams, pattern: RegExp, timeoutMs = 20000): Promise<RegExpMatchArray> {
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve printed no ${String(pattern)} within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = pattern.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
  });
}

describeWithChromium('logging in with the printed URL', (executablePath) => {
  let child: ChildProcessWithoutNullStreams;
  let browser: Browser;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'cartrover-login-'));
    child = spawn(process.execPath, [CLI, 'serve', '--sandbox', '--port', '0', '--data-dir', dataDir], {
      env: { PATH: process.env.PATH, MASTER_KEY: Buffer.alloc(32, 6).toString('base64') },
      cwd: PROJECT_ROOT,
    });
    browser = await launchChromium(executablePath);
  });
  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    const exited = new Promise((resolve) => child.once('close', resolve));
    child.kill('SIGTERM');
    await exited;
    await rm(dataDir, { recursive: true, force: true });
  });

  it('the page asks for the login URL without a session, and works after opening it', async () => {
    const [, loginUrl, base] = await printedLine(child, /To log in, open ((http:\/\/127\.0\.0\.1:[0-9]+)\/\?code=[A-Za-z0-9_-]+) in a browser/);
    const context = await browser.newContext();
    const page = await context.newPage();
    // Anything the Content-Security-Policy blocks shows up as a console error or a violation.
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    const anonymous = await page.goto(base!);
    expect(anonymous?.status()).toBe(401);
    await expect(page.textContent('body')).resolves.toContain('login URL');
    // Styled like the rest of the page (its stylesheet is public): the top bar and a card.
    const look = () => page.evaluate(() => {
      const style = (selector: string) => {
        const element = document.querySelector(selector);
        if (!element) return undefined;
        const computed = getComputedStyle(element);
        return { background: computed.backgroundColor, font: computed.fontFamily, radius: computed.borderRadius };
      };
      return { topbar: style('.topbar'), card: style('.card'), body: getComputedStyle(document.body).backgroundColor };
    });
    const loginLook = await look();
    expect(loginLook.card).toBeDefined();
    expect(loginLook.card!.font).not.toMatch(/^"?Times/);
    expect(loginLook.card!.radius).toBe('8px');
    expect(await page.locator('[data-testid="login-card"] h2').textContent()).toBe('Log in');

    await page.goto(loginUrl!);
    await page.waitForSelector('body[data-ready="true"]');
    expect(page.url()).toBe(`${base!}/`);
    const pageLook = await look();
    expect(loginLook.topbar).toEqual(pageLook.topbar);
    expect(loginLook.body).toBe(pageLook.body);
    expect(loginLook.card).toEqual(pageLook.card);
    const cookies = await context.cookies();
    expect(cookies).toHaveLength(1);
    expect(cookies[0]).toEqual(expect.objectContaining({ httpOnly: true, sameSite: 'Strict' }));
    // HttpOnly: the page's scripts cannot read the session.
    await expect(page.evaluate(() => document.cookie)).resolves.toBe('');
    // The page's own calls (GET and a cookie-authenticated POST from its origin) are accepted.
    const answer = await page.evaluate(async () => {
      const response = await fetch('/api/integrations', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'From the page' }) });
      return response.status;
    });
    expect(answer).toBe(201);
    // The page runs under its CSP (no inline code) without one violation.
    const loaded = await page.goto(`${base!}/`);
    expect(loaded?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    await page.waitForSelector('body[data-ready="true"]');
    expect(problems).toEqual([]);

    // The printed URL was spent: in another browser (or from the history) it is 401.
    const other = await browser.newContext();
    const replay = await (await other.newPage()).goto(loginUrl!);
    expect(replay?.status()).toBe(401);
    await other.close();

    // "Log out" ends the session: the page asks for the login URL again, and the old cookie is refused.
    const [session] = await context.cookies();
    await page.click('[data-testid="logout"]');
    await page.waitForSelector('[data-testid="login-card"] h2:has-text("Log in")');
    await expect(page.textContent('body')).resolves.toContain('login URL');
    const replayCookie = await fetch(`${base!}/api/connections`, { headers: { cookie: `${session!.name}=${session!.value}` } });
    expect(replayCookie.status).toBe(401);
    await context.close();
  });
});
