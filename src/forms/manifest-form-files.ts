import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { JsonSchema } from '../contracts';
import { pluginManifestPath } from '../plugin-package/plugin-package';

export interface ConnectionFormFiles {
  readonly schema: JsonSchema;
  readonly layout: unknown;
}

/**
 * Reads exactly the connection form files the manifest names for `appId`, resolved relative to
 * the manifest, so what a host validates and what the engine renders are the same files.
 */
export function readConnectionFormFiles(appId: string, manifestPath: string = pluginManifestPath()): ConnectionFormFiles {
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
    apps?: Array<{ id?: unknown; connectionForm?: { schema?: unknown; ui?: unknown } }>;
  };
  const form = manifest.apps?.find((app) => app.id === appId)?.connectionForm;
  if (typeof form?.schema !== 'string' || typeof form.ui !== 'string') {
    throw new Error(`${manifestPath}: apps[id=${appId}].connectionForm must name "schema" and "ui" files`);
  }
  const read = (file: string): unknown => JSON.parse(readFileSync(path.resolve(path.dirname(manifestPath), file), 'utf8'));
  return { schema: read(form.schema) as JsonSchema, layout: read(form.ui) };
}
