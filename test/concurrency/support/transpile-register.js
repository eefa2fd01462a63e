/**
 * `node --require ./transpile-register.js worker.ts`: lets child processes of the Redis fault tests
 * run the TypeScript sources directly (ts-node is not installed), by transpiling each `.ts` file
 * with `typescript.transpileModule` on require (no type checks: `npm run typecheck` does those).
 */
const fs = require('node:fs');
const ts = require('typescript');

require.extensions['.ts'] = function compileTypeScript(module, filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const { outputText } = ts.transpileModule(source, {
    fileName: filename,
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
      experimentalDecorators: true,
      emitDecoratorMetadata: true,
      sourceMap: false,
    },
  });
  module._compile(outputText, filename);
};
