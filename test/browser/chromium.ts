/**
 * Where the browser tests find Chromium, and what they do when there is none: skip with a message
 * naming the install command, except under CI=true, where a missing browser fails the run.
 */
import { accessSync, constants } from 'node:fs';
import type { Browser } from 'playwright-core';
import { chromium } from 'playwright-core';

export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';
export const INSTALL_HINT = 'apt-get install -y chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export type ChromiumLookup =
  | { readonly found: true; readonly executablePath: string }
  | { readonly found: false; readonly executablePath: string; readonly message: string };

export function findChromium(env: NodeJS.ProcessEnv = process.env): ChromiumLookup {
  const executablePath = env.CHROMIUM_PATH ?? DEFAULT_CHROMIUM_PATH;
  try {
    accessSync(executablePath, constants.X_OK);
    return { found: true, executablePath };
  } catch {
    return {
      found: false,
      executablePath,
      message: `No Chromium at ${executablePath} (set CHROMIUM_PATH, or install it: ${INSTALL_HINT}).`,
    };
  }
}

export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS });
}

/**
 * `describe` for tests that need Chromium. Without one: under CI=true the block fails with the
 * message; elsewhere it is skipped and the message is printed once.
 */
export function describeWithChromium(name: string, body: (executablePath: string) => void): void {
  const lookup = findChromium();
  if (lookup.found) {
    describe(name, () => body(lookup.executablePath));
    return;
  }
  if (process.env.CI === 'true') {
    describe(name, () => {
      it('needs Chromium (CI=true: a missing browser fails the run)', () => {
        throw new Error(lookup.message);
      });
    });
    return;
  }
  // Straight to stderr: jest drops the console output of a file whose tests are all skipped.
  process.stderr.write(`Skipping browser tests "${name}": ${lookup.message}\n`);
  describe.skip(name, () => body(lookup.executablePath));
}
