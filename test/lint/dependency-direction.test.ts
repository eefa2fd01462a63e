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
    ['src/cartrover/x.ts', "import { PluginLoader } from '../../host/src/loader';"],
    ['src/forms/x.ts', "import { startSandbox } from '../../sandbox/src';"],
    ['src/index.ts', "export * from '../cli/src/main';"],
    ['adapters/borrowed-concurrency/x.ts', "import { PluginLoader } from '../../host/src/loader';"],
    ['src/contracts/x.ts', "import { CartRoverClient } from '../cartrover';"],
    ['host/src/x.ts', "import { CartRoverClient } from '../../src/cartrover';"],
    ['host/src/store/x.ts', "import plugin from '../../../src/index';"],
    ['sandbox/src/x.ts', "import { TOKENS } from '../../src/contracts';"],
    ['sandbox/src/x.ts', "const client = require('../../src/cartrover');"],
    ['cli/src/x.ts', "import { CartRoverClient } from '../../src/cartrover';"],
    // The same edges through the packages' names.
    ['src/forms/x.ts', "import { Host } from '@cartrover/host';"],
    ['host/src/x.ts', "import plugin from 'cartrover-connector';"],
    ['host/src/x.ts', "import { startSandbox } from '@cartrover/sandbox';"],
    ['sandbox/src/x.ts', "import { TOKENS } from 'cartrover-connector/contracts';"],
    ['cli/src/x.ts', "import { CartRoverClient } from 'cartrover-connector';"],
  ];

  const allowed: Array<[string, string]> = [
    ['src/cartrover/x.ts', "import { TOKENS } from '../contracts';"],
    ['src/operations/x.ts', "import { CartRoverClient } from '../cartrover';"],
    ['adapters/borrowed-concurrency/x.ts', "import { TOKENS } from '../../src/contracts';"],
    ['host/src/x.ts', "import { TOKENS } from 'cartrover-connector/contracts';"],
    ['host/src/loader/x.ts', "import schema from 'cartrover-connector/schemas/plugin-manifest.schema.json';"],
    ['cli/src/x.ts', "import { startSandbox } from '@cartrover/sandbox';"],
    ['cli/src/x.ts', "import { Host } from '@cartrover/host';"],
    ['sandbox/src/routes/x.ts', "import { DEMO_USERS } from '../demo-users';"],
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
