import type { JsonSchema } from '../contracts';
import { CONNECTION_FORM_FILES } from '../plugin-package/generated/plugin-package-data';

export interface ConnectionFormFiles {
  readonly schema: JsonSchema;
  readonly layout: unknown;
}

/**
 * Exactly the connection form files the manifest names for `appId`, so what a host validates and
 * what the engine renders are the same files. They come in as a module generated from them at
 * build time (nothing is read from disk at require or load time: a bundled host has only its bundle).
 */
export function readConnectionFormFiles(appId: string): ConnectionFormFiles {
  const files = CONNECTION_FORM_FILES[appId];
  if (!files) throw new Error(`plugin.manifest.json names no connection form for app "${appId}"`);
  return { schema: files.schema, layout: files.ui };
}
