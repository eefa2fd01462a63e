'use strict';
/**
 * Enforces the dependency direction (README.md, "The dependency direction") on relative imports and on imports of
 * the repository's own packages (`cartrover-connector/...`, `@cartrover/...`):
 *   contracts (src/contracts) -> nothing else of the project
 *   plugin (src/* other than contracts; adapters) -> contracts, plugin, schemas
 *   host (host/src) -> contracts, host, schemas (it reaches plugins only through their manifests)
 *   sandbox (sandbox/src) -> sandbox only (it stands in for CartRover and must share no code with the client)
 *   cli (cli/src) -> contracts, host, sandbox, cli, schemas
 *   node-red (node-red/src, node-red-contrib-cartrover) -> contracts, node-red, schemas, the manifest: a host
 *     nobody here wrote, it reaches the plugin like any host (its entry is loaded through the manifest at
 *     run time), never its internals (`cartrover-connector/dist/...`) and never the reference host
 * test/ and bench/ may import anything.
 *
 * Inside the plugin, folders are ranked; a file may import its own folder and lower-ranked ones
 * only, so no two folders import each other in a loop, the core never imports `adapters`, and only
 * the entry (src/index.ts) imports adapters (they plug in through contribution points):
 *   contracts < forms < plugin-package < fallback-services < cartrover < concurrency < connection < operations
 *   < app < adapters < entry (src/index.ts)
 * The form engine (`forms`) sits just above the contract: it is generic and knows nothing of CartRover
 * (the CartRover form definition and its binding are the app's).
 * A file directly in src/ other than index.ts, or a src folder not ranked, is an error until ranked.
 */
const path = require('node:path');

const ALLOWED = {
  contracts: ['contracts'],
  plugin: ['contracts', 'plugin', 'schemas', 'package'],
  host: ['contracts', 'host', 'schemas', 'package'],
  sandbox: ['sandbox'],
  cli: ['contracts', 'host', 'sandbox', 'cli', 'schemas', 'package'],
  'node-red': ['contracts', 'node-red', 'schemas', 'package'],
};

/** Plugin folders from the bottom up (see the header). */
const PLUGIN_RANKS = ['contracts', 'forms', 'plugin-package', 'fallback-services', 'cartrover', 'concurrency', 'connection', 'operations', 'app', 'adapters', 'entry'];

/**
 * The plugin folder of a project-relative path in the plugin: `adapters`, `entry` for src/index.ts
 * (or `src` imported as a folder), the folder under src/, or `src/<file>` for another file directly in src/.
 */
function pluginFolderOf(relativePath) {
  const parts = relativePath.split(/[\\/]/);
  if (parts[0] === 'adapters') return 'adapters';
  if (parts.length === 1) return 'entry';
  if (parts.length === 2) {
    const name = parts[1].replace(/\.(ts|js)$/, '');
    if (name === 'index') return 'entry';
    // `../concurrency` is a folder import; a file directly in src/ gets no rank.
    return PLUGIN_RANKS.includes(name) ? name : `src/${parts[1]}`;
  }
  return parts[1];
}

/** Why an import between two plugin files breaks the plugin's inner direction, or undefined when it does not. */
function innerViolation(fromPath, toPath) {
  const from = pluginFolderOf(fromPath);
  const to = pluginFolderOf(toPath);
  if (from === to) return undefined;
  const fromRank = PLUGIN_RANKS.indexOf(from);
  const toRank = PLUGIN_RANKS.indexOf(to);
  if (fromRank < 0) return { from, to: `${to} (${from} has no rank in the plugin's direction)` };
  if (toRank < 0) return { from, to: `${to} (it has no rank in the plugin's direction)` };
  return toRank < fromRank ? undefined : { from, to };
}

/** The layer of a project-relative path, or undefined outside the layered code. */
function layerOf(relativePath) {
  const parts = relativePath.split(/[\\/]/);
  if (parts[0] === 'adapters') return 'plugin';
  if (parts[0] === 'schemas') return 'schemas';
  if (parts[0] === 'package.json' || parts[0] === 'plugin.manifest.json') return 'package';
  // The workspace packages: `host/src/...` is the host (its package.json, tsconfig: not layered).
  if (['host', 'sandbox', 'cli', 'node-red'].includes(parts[0])) return parts[1] === 'src' ? parts[0] : undefined;
  if (parts[0] !== 'src') return undefined;
  // `src/contracts` (a folder import) and `src/contracts/...` are the same layer; src/index.ts is the plugin.
  if (parts.length > 1 && parts[1].replace(/\.(ts|js)$/, '') === 'contracts') return 'contracts';
  return 'plugin';
}

/** The layer of an import of one of the repository's packages by name, or null for any other package. */
function packageLayerOf(source) {
  if (source === 'cartrover-connector/contracts') return 'contracts';
  if (source.startsWith('cartrover-connector/schemas/')) return 'schemas';
  if (source === 'cartrover-connector/plugin.manifest.json' || source === 'cartrover-connector/package.json') return 'package';
  if (source === 'cartrover-connector' || source.startsWith('cartrover-connector/')) return 'plugin';
  const workspace = /^@cartrover\/(host|sandbox|cli)(\/|$)/.exec(source);
  return workspace ? workspace[1] : null;
}

module.exports = {
  meta: {
    type: 'problem',
    docs: { description: 'Keep the dependency direction between contracts, plugin, host, sandbox and cli' },
    schema: [{ type: 'object', properties: { root: { type: 'string' } }, additionalProperties: false }],
    messages: {
      forbidden: "'{{from}}' must not import '{{to}}' ({{source}}): see \"The dependency direction\" in README.md.",
    },
  },
  create(context) {
    const root = (context.options[0] && context.options[0].root) || context.cwd;
    const filename = context.filename;
    const from = layerOf(path.relative(root, filename));
    if (!from || !ALLOWED[from]) return {};
    function check(node, source) {
      if (typeof source !== 'string') return;
      if (!source.startsWith('.')) {
        const to = packageLayerOf(source);
        if (to !== null && !ALLOWED[from].includes(to)) context.report({ node, messageId: 'forbidden', data: { from, to, source } });
        return;
      }
      const target = path.relative(root, path.resolve(path.dirname(filename), source));
      const to = layerOf(target);
      if (to === undefined) {
        context.report({ node, messageId: 'forbidden', data: { from, to: 'outside the layered code', source } });
        return;
      }
      if (!ALLOWED[from].includes(to)) {
        context.report({ node, messageId: 'forbidden', data: { from, to, source } });
        return;
      }
      if (to === 'plugin' || (from === 'plugin' && to === 'contracts')) {
        const violation = innerViolation(path.relative(root, filename), target);
        if (violation) context.report({ node, messageId: 'forbidden', data: { ...violation, source } });
      }
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
