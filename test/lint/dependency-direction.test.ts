import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '../support/temp-plugin';

/** Lints snippets as if they were the given project files, with the project's real ESLint config. */
function lintAll(cases: ReadonlyArray<readonly [string, string]>): string[][] {
  const output = execFileSync(process.execPath, [path.join(PROJECT_ROOT, 'test', 'support', 'lint-snippets.mjs'), PROJECT_ROOT], {
    input: JSON.stringify(cases),
    encoding: 'utf8',
  });
  return JSON.parse(output) as string[][];
}

describe('the dependency-direction lint rule (DESIGN.md section 2)', () => {
  const forbidden: Array<[string, string]> = [
    ['src/cartrover/x.ts', "import { PluginLoader } from '../host/loader';"],
    ['src/forms/x.ts', "import { startSandbox } from '../sandbox';"],
    ['src/index.ts', "export * from './cli/main';"],
    ['adapters/borrowed-concurrency/x.ts', "import { PluginLoader } from '../../src/host/loader';"],
    ['src/contracts/x.ts', "import { CartRoverClient } from '../cartrover';"],
    ['src/host/x.ts', "import { CartRoverClient } from '../cartrover';"],
    ['src/host/store/x.ts', "import plugin from '../../index';"],
    ['src/sandbox/x.ts', "import { TOKENS } from '../contracts';"],
    ['src/sandbox/x.ts', "const client = require('../cartrover');"],
    ['src/cli/x.ts', "import { CartRoverClient } from '../cartrover';"],
  ];

  const allowed: Array<[string, string]> = [
    ['src/cartrover/x.ts', "import { TOKENS } from '../contracts';"],
    ['src/operations/x.ts', "import { CartRoverClient } from '../cartrover';"],
    ['adapters/borrowed-concurrency/x.ts', "import { TOKENS } from '../../src/contracts';"],
    ['src/host/x.ts', "import { TOKENS } from '../contracts';"],
    ['src/host/x.ts', "import schema from '../../schemas/plugin-manifest.schema.json';"],
    ['src/cli/x.ts', "import { startSandbox } from '../sandbox';"],
    ['src/sandbox/routes/x.ts', "import { DEMO_USERS } from '../demo-users';"],
    ['test/x.test.ts', "import { CartRoverClient } from '../src/cartrover';"],
  ];

  let results: string[][] = [];
  beforeAll(() => {
    results = lintAll([...forbidden, ...allowed]);
  });

  it.each(forbidden.map((entry, index) => [...entry, index] as const))('%s: %s is an error', (_file, _code, index) => {
    const messages = results[index]!;
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/must not import .*DESIGN\.md section 2/);
  });

  it.each(allowed.map((entry, index) => [...entry, forbidden.length + index] as const))('%s: %s is allowed', (_file, _code, index) => {
    expect(results[index]).toEqual([]);
  });
});
