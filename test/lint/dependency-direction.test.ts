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

describe('the dependency-direction lint rule (README, "The dependency direction")', () => {
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
    // Node-RED's adapter is a host like any other: the plugin's public exports only, never the reference host.
    ['node-red/src/x.ts', "import { CartRoverClient } from '../../src/cartrover';"],
    ['node-red/src/runtime/x.ts', "import { FormEngine } from 'cartrover-connector/dist/src/forms';"],
    ['node-red/src/x.ts', "import plugin from 'cartrover-connector';"],
    ['node-red/src/x.ts', "import { PluginLoader } from '@cartrover/host';"],
    ['node-red/src/x.ts', "import { startSandbox } from '../../sandbox/src';"],
    ['src/forms/x.ts', "import { registerOutNode } from '../../node-red/src/nodes/cartrover-out-node';"],
    // Inside the plugin: the core never imports adapters; only the entry does.
    ['src/app/x.ts', "import { BorrowLenderResolution } from '../../adapters/borrowed-concurrency';"],
    ['src/concurrency/x.ts', "import type { BorrowResolution } from '../../adapters/borrowed-concurrency/borrow-graph';"],
    ['src/forms/x.ts', "export { bindBorrowedConcurrency } from '../../adapters/borrowed-concurrency';"],
    ['src/contracts/x.ts', "import { BorrowFormExtension } from '../../adapters/borrowed-concurrency';"],
    // Inside the plugin: no loops (each edge below closes one with an edge the code has).
    ['adapters/borrowed-concurrency/x.ts', "import plugin from '../../src';"],
    ['adapters/borrowed-concurrency/x.ts', "import plugin from '../../src/index';"],
    // The generic form engine sits just above the contract: it knows nothing of CartRover or the plugin's package.
    ['src/forms/x.ts', "import { CARTROVER_APP } from '../app/cartrover-app-descriptor';"],
    ['src/forms/x.ts', "import { CONNECTION_FORM_FILES } from '../plugin-package/generated/plugin-package-data';"],
    ['src/forms/x.ts', "import { CONNECTION_TOKENS } from '../connection/connection-tokens';"],
    ['src/concurrency/x.ts', "const connection = require('../connection/connection-tokens');"],
    ['src/cartrover/x.ts', "import { runHoldingPermit } from '../concurrency';"],
    ['src/operations/x.ts', "import { CartRoverApp } from '../app/cartrover-app';"],
    ['src/fallback-services/x.ts', "import { CartRoverClient } from '../cartrover';"],
    ['src/connection/x.ts', "import { bindOperationsFeature } from '../operations/operations-feature';"],
    ['src/concurrency/x.ts', "import { main } from '../index';"],
    // A folder or file nobody ranked yet is refused until the rule names its place.
    ['src/newfolder/x.ts', "import { TOKENS } from '../contracts';"],
    ['src/cartrover/x.ts', "import { helper } from '../newfolder/helper';"],
  ];

  const allowed: Array<[string, string]> = [
    ['src/cartrover/x.ts', "import { TOKENS } from '../contracts';"],
    ['src/operations/x.ts', "import { CartRoverClient } from '../cartrover';"],
    ['adapters/borrowed-concurrency/x.ts', "import { TOKENS } from '../../src/contracts';"],
    ['host/src/x.ts', "import { TOKENS } from 'cartrover-connector/contracts';"],
    ['host/src/loader/x.ts', "import schema from 'cartrover-connector/schemas/plugin-manifest.schema.json';"],
    ['cli/src/x.ts', "import { startSandbox } from '@cartrover/sandbox';"],
    ['node-red/src/runtime/x.ts', "import { TOKENS } from 'cartrover-connector/contracts';"],
    ['node-red/src/nodes/x.ts', "import { NodeWork } from './node-work';"],
    ['node-red/src/x.ts', "const manifest = require('cartrover-connector/plugin.manifest.json');"],
    ['cli/src/x.ts', "import { Host } from '@cartrover/host';"],
    ['sandbox/src/routes/x.ts', "import { DEMO_USERS } from '../demo-users';"],
    ['test/x.test.ts', "import { CartRoverClient } from '../src/cartrover';"],
    // Inside the plugin, downwards only.
    ['src/index.ts', "import { bindBorrowedConcurrency } from '../adapters/borrowed-concurrency';"],
    ['adapters/borrowed-concurrency/x.ts', "import { FORM_EXTENSION } from '../../src/forms/form-extension';"],
    ['adapters/borrowed-concurrency/x.ts', "import { CARTROVER_APP } from '../../src/app/cartrover-app-descriptor';"],
    ['adapters/borrowed-concurrency/x.ts', "import { DEFAULT_CONCURRENCY_LEVEL } from '../../src/concurrency';"],
    ['src/app/x.ts', "import { FormEngine } from '../forms/form-engine';"],
    ['src/connection/x.ts', "import type { ConnectionFormContribution } from '../forms/form-engine';"],
    ['src/plugin-package/x.ts', "import { fillFromSchema } from '../forms/schema-placeholders';"],
    ['src/app/x.ts', "import { ConnectionPools } from '../concurrency/connection-pools';"],
    ['src/app/x.ts', "import { CONNECTION_TOKENS } from '../connection/connection-tokens';"],
    ['src/operations/x.ts', "import { ConnectionClientFactory } from '../connection/connection-client-factory';"],
    ['src/connection/x.ts', "import { createPoolRequestHook } from '../concurrency';"],
    ['src/cartrover/x.ts', "import { systemClock } from '../contracts';"],
    ['src/concurrency/redis/x.ts', "import { PoolError } from '../pool-error';"],
    ['src/app/x.ts', "import { pluginManifestPath } from '../plugin-package/plugin-package';"],
  ];

  let results: string[][] = [];
  beforeAll(() => {
    results = lintAll([...forbidden, ...allowed]);
  });

  it.each(forbidden.map((entry, index) => [...entry, index] as const))('%s: %s is an error', (_file, _code, index) => {
    const messages = results[index]!;
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/must not import .*"The dependency direction" in README\.md/);
  });

  it.each(allowed.map((entry, index) => [...entry, forbidden.length + index] as const))('%s: %s is allowed', (_file, _code, index) => {
    expect(results[index]).toEqual([]);
  });
});
