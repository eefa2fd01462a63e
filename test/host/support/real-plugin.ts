import { existsSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../support/temp-plugin';

export const REAL_MANIFEST = path.join(PROJECT_ROOT, 'plugin.manifest.json');
const ENTRY = path.join(PROJECT_ROOT, 'dist', 'src', 'index.js');

/** The e2e tests load the built plugin as any host would; say so plainly when it is not built. */
export function requireBuiltPlugin(): void {
  if (!existsSync(ENTRY)) throw new Error(`The plugin is not built (${ENTRY} is missing): run \`npm run build\` (npm test does it first)`);
}
