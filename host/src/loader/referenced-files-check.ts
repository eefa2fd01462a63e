import { existsSync } from 'node:fs';
import path from 'node:path';
import { PluginLoadError } from './plugin-load-error';
import type { PluginManifest } from './plugin-manifest';

/** The form files a manifest names must exist, so that a broken package fails at load, not at first use. */
export function checkReferencedFiles(manifestFile: string, manifest: PluginManifest): void {
  manifest.apps.forEach((app, index) => {
    for (const part of ['schema', 'ui'] as const) {
      const file = path.resolve(path.dirname(manifestFile), app.connectionForm[part]);
      if (!existsSync(file)) {
        throw new PluginLoadError(manifestFile, `apps[${index}].connectionForm.${part}`, `file not found: ${file}`);
      }
    }
  });
}
