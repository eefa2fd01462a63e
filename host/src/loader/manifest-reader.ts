import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import type { ErrorObject } from 'ajv';
import manifestSchema from 'cartrover-connector/schemas/plugin-manifest.schema.json';
import { PluginLoadError } from './plugin-load-error';
import type { PluginManifest } from './plugin-manifest';

const validateManifest = new Ajv2020({ allErrors: false, strict: true }).compile<PluginManifest>(manifestSchema);

/** `/apps/0/id` -> `apps[0].id`: the way people write a field of a JSON file. */
function fieldOf(error: ErrorObject): string {
  const segments = error.instancePath.split('/').slice(1);
  if (error.keyword === 'required') segments.push(String(error.params.missingProperty));
  if (error.keyword === 'additionalProperties') segments.push(String(error.params.additionalProperty));
  return segments.reduce((field, segment) => (/^\d+$/.test(segment) ? `${field}[${segment}]` : field ? `${field}.${segment}` : segment), '') || '(root)';
}

function reasonOf(error: ErrorObject): string {
  switch (error.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return 'is not a known manifest field';
    case 'enum':
      return `must be one of ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return error.message ?? 'is invalid';
  }
}

/** Reads and validates a plugin manifest; every failure names the file and the field. */
export function readManifest(manifestPath: string): PluginManifest {
  const file = path.resolve(manifestPath);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new PluginLoadError(file, undefined, code === 'ENOENT' ? 'manifest file not found' : `manifest file cannot be read (${code ?? 'error'})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new PluginLoadError(file, undefined, `manifest is not valid JSON (${(error as Error).message})`);
  }
  if (!validateManifest(data)) {
    const first = validateManifest.errors![0]!;
    throw new PluginLoadError(file, fieldOf(first), reasonOf(first));
  }
  return data;
}
