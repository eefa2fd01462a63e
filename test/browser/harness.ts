/**
 * What the browser tests run against: the real host (from host/src) with the plugin loaded from
 * plugin.manifest.json (entry dist/src/index.js: `npm test` builds it first), pointed at the
 * bundled CartRover sandbox, all on 127.0.0.1 with a temporary data dir; and one Chromium.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Host, defaultManifestPath } from '../../host/src';
import { PROJECT_ROOT } from '../support/temp-plugin';
import { startSandbox } from '../../sandbox/src';
import type { SandboxServer } from '../../sandbox/src';
import { launchChromium } from './chromium';

export interface Stack {
  readonly baseUrl: string;
  readonly sandbox: SandboxServer;
  readonly host: Host;
  readonly browser: Browser;
  /** Calls the host's REST API (for setting up and checking what the page did). */
  api<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; data: T }>;
  /** Stops the host as if it went away (the page must notice), keeping its data. */
  stopHost(): Promise<void>;
  /** Starts the host again on the same port and data (same token: the page's session still works). */
  startHostAgain(): Promise<void>;
  close(): Promise<void>;
}

/** The plugin entry must be built; say how rather than failing deep inside the loader. */
function checkPluginBuilt(): void {
  const entry = path.join(PROJECT_ROOT, 'dist', 'src', 'index.js');
  if (!existsSync(entry)) {
    throw new Error(`The plugin entry ${entry} is missing: build it with "npx tsc -p tsconfig.build.json" (npm test does so).`);
  }
}

export async function startStack(executablePath: string): Promise<Stack> {
  checkPluginBuilt();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'cartrover-web-'));
  const sandbox = await startSandbox({ host: '127.0.0.1', port: 0 });
  let host: Host | undefined;
  let browser: Browser | undefined;
  try {
    const createHost = () => Host.create({
      dataDir,
      manifests: [defaultManifestPath()],
      settings: { CARTROVER_BASE_URL: sandbox.url },
      masterKey: Buffer.alloc(32, 7).toString('base64'),
      logLevel: 'warn',
      logDestination: new Writable({ write: (_chunk, _encoding, done) => done() }),
    });
    host = await createHost();
    const baseUrl = await host.listen({ port: 0, bind: '127.0.0.1' });
    const port = Number(new URL(baseUrl).port);
    browser = await launchChromium(executablePath);
    const started = { host, browser };
    return {
      baseUrl,
      sandbox,
      get host() {
        return started.host;
      },
      browser,
      async stopHost() {
        await started.host.close();
      },
      async startHostAgain() {
        started.host = await createHost();
        await started.host.listen({ port, bind: '127.0.0.1' });
      },
      async api<T>(method: string, route: string, body?: unknown) {
        const response = await fetch(`${baseUrl}${route}`, {
          method,
          headers: { authorization: `Bearer ${started.host.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await response.text();
        return { status: response.status, data: (text ? JSON.parse(text) : undefined) as T };
      },
      async close() {
        await started.browser.close().catch(() => undefined);
        await started.host.close();
        await sandbox.close();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await browser?.close().catch(() => undefined);
    await host?.close().catch(() => undefined);
    await sandbox.close();
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}

export interface AppPage {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Uncaught errors and console errors other than failed requests (4xx answers are expected). */
  readonly problems: string[];
}

/** The page's views (hash routes): each concern has its own, chosen in the top bar. */
export type View = 'connections' | 'integrations' | 'flows' | 'files' | 'pools';

/** Goes to a view as a person does: a click on its link in the top bar (a history entry). */
export async function goToView(page: Page, view: View): Promise<void> {
  if ((await page.getAttribute('body', 'data-view')) === view) return;
  await page.locator(`[data-testid="nav-${view}"]`).click();
  await page.waitForSelector(`body[data-view="${view}"]`);
}

/** A fresh browser context on the page, once it has loaded its lists (on `view` when given). */
export async function openApp(stack: Stack, view?: View): Promise<AppPage> {
  const context = await stack.browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(`console: ${message.text()}`);
  });
  // Logs in as a user would: the printed login URL sets the session cookie and redirects to `/`.
  await page.goto(stack.host.loginUrl(stack.baseUrl));
  await page.waitForSelector('body[data-ready="true"]');
  if (view !== undefined) await goToView(page, view);
  return { context, page, problems };
}

/** What a describe block of browser tests shares: {@link useBrowserSuite}. */
export interface BrowserSuite {
  readonly stack: Stack;
  /** The page: the block's one page, or the current test's own. */
  readonly app: AppPage;
  /** `app.page`. */
  readonly page: Page;
}

export interface BrowserSuiteOptions {
  /** One page for every test of the block (opened once), or a fresh page for each test (closed after it). */
  readonly pagePer: 'block' | 'test';
  /** The view a page opens on. */
  readonly view?: View;
  /** What the tests need made over the API (connections, files…) before the first page opens. */
  readonly setUp?: (stack: Stack) => Promise<void>;
}

/**
 * The stack and its page(s) for the enclosing describe block, as every browser suite needs them:
 * the stack started and set up in `beforeAll`, the page opened (once, or before each test), no
 * page error or console error after any test, and everything closed again.
 */
export function useBrowserSuite(executablePath: string, options: BrowserSuiteOptions): BrowserSuite {
  let stack: Stack | undefined;
  let app: AppPage | undefined;
  const opened = (): AppPage => {
    if (!app) throw new Error('The page opens in beforeAll (pagePer "block") or beforeEach (pagePer "test"): use it inside a test');
    return app;
  };
  const started = (): Stack => {
    if (!stack) throw new Error('The stack starts in beforeAll: use it inside a test or a hook');
    return stack;
  };
  beforeAll(async () => {
    stack = await startStack(executablePath);
    await options.setUp?.(stack);
    if (options.pagePer === 'block') app = await openApp(stack, options.view);
  });
  afterAll(async () => {
    await app?.context.close();
    await stack?.close();
  });
  if (options.pagePer === 'test') {
    beforeEach(async () => {
      app = await openApp(started(), options.view);
    });
  }
  afterEach(async () => {
    const { context, problems } = opened();
    if (options.pagePer === 'test') {
      await context.close();
      app = undefined;
    }
    expect(problems).toEqual([]);
  });
  return {
    get stack() {
      return started();
    },
    get app() {
      return opened();
    },
    get page() {
      return opened().page;
    },
  };
}

/** The value of an input or select (the locator's `inputValue`, as a shorthand). */
export async function valueOf(page: Page, selector: string): Promise<string> {
  return page.locator(selector).inputValue();
}
