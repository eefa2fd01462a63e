'use strict';
/**
 * Enforces the dependency direction of DESIGN.md section 2 on relative imports:
 *   contracts -> nothing else of the project
 *   plugin (src/* other than host, sandbox, cli; src/index.ts; adapters) -> contracts, plugin, schemas
 *   host -> contracts, host, schemas (it reaches plugins only through their manifests)
 *   sandbox -> sandbox only (it stands in for CartRover and must share no code with the client)
 *   cli -> contracts, host, sandbox, cli, schemas
 * test/ and bench/ may import anything.
 */
const path = require('node:path');

const ALLOWED = {
  contracts: ['contracts'],
  plugin: ['contracts', 'plugin', 'schemas', 'package'],
  host: ['contracts', 'host', 'schemas', 'package'],
  sandbox: ['sandbox'],
  cli: ['contracts', 'host', 'sandbox', 'cli', 'schemas', 'package'],
};

/** The layer of a project-relative path, or undefined outside the layered code. */
function layerOf(relativePath) {
  const parts = relativePath.split(/[\\/]/);
  if (parts[0] === 'adapters') return 'plugin';
  if (parts[0] === 'schemas') return 'schemas';
  if (parts[0] === 'package.json') return 'package';
  if (parts[0] !== 'src') return undefined;
  // `src/sandbox` (a folder import) and `src/sandbox/...` are the same layer; src/index.ts is the plugin.
  const top = parts[1].replace(/\.(ts|js)$/, '');
  if (['contracts', 'host', 'sandbox', 'cli'].includes(top)) return top;
  return 'plugin';
}

module.exports = {
  meta: {
    type: 'problem',
    docs: { description: 'Keep the dependency direction between contracts, plugin, host, sandbox and cli' },
    schema: [{ type: 'object', properties: { root: { type: 'string' } }, additionalProperties: false }],
    messages: {
      forbidden: "'{{from}}' must not import '{{to}}' ({{source}}): see DESIGN.md section 2.",
    },
  },
  create(context) {
    const root = (context.options[0] && context.options[0].root) || context.cwd;
    const filename = context.filename;
    const from = layerOf(path.relative(root, filename));
    if (!from || !ALLOWED[from]) return {};
    function check(node, source) {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const target = path.relative(root, path.resolve(path.dirname(filename), source));
      const to = layerOf(target);
      if (to === undefined) {
        context.report({ node, messageId: 'forbidden', data: { from, to: 'outside the layered code', source } });
        return;
      }
      if (!ALLOWED[from].includes(to)) context.report({ node, messageId: 'forbidden', data: { from, to, source } });
    }
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments[0] && node.arguments[0].type === 'Literal') {
          check(node, node.arguments[0].value);
        }
      },
    };
  },
};
