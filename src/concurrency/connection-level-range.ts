import { CONCURRENCY_LEVEL_FIELD } from './concurrency-form-fields';
import type { JsonSchema } from '../contracts';
import { CONNECTION_FORM_FILES } from '../plugin-package/generated/plugin-package-data';

/** A connection's concurrency level as its form's schema says: `minimum`..`maximum`, and `default` for a blank one. */
export interface ConnectionLevelRange {
  readonly minimum: number;
  readonly maximum: number;
  readonly default: number;
}

/**
 * The level's bounds and default have one owner, the connection form's schema (its `minimum`,
 * `maximum` and `default`): the form offers and checks them, and everything else reads them here
 * (the pools' default level, the lender note, an import's widest window). The registries only
 * require a level of at least 1.
 */
export function connectionLevelRange(appId: string): ConnectionLevelRange {
  const files = CONNECTION_FORM_FILES[appId];
  if (!files) throw new Error(`plugin.manifest.json names no connection form for app "${appId}"`);
  return levelRangeOf(files.schema, `${files.schemaFile} (app "${appId}")`);
}

/** The widest level any app of this plugin allows: what an import window opens at before its pool is known. */
export function widestConnectionLevel(): number {
  return Math.max(...Object.keys(CONNECTION_FORM_FILES).map((appId) => connectionLevelRange(appId).maximum));
}

function levelRangeOf(schema: JsonSchema, source: string): ConnectionLevelRange {
  const property = (schema as { properties?: Record<string, Record<string, unknown>> }).properties?.[CONCURRENCY_LEVEL_FIELD];
  const integer = (keyword: string): number => {
    const value = property?.[keyword];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
      throw new Error(`${source}: properties.${CONCURRENCY_LEVEL_FIELD}.${keyword} must be a whole number of at least 1`);
    }
    return value;
  };
  const range = { minimum: integer('minimum'), maximum: integer('maximum'), default: integer('default') };
  if (range.default < range.minimum || range.default > range.maximum) throw new Error(`${source}: properties.${CONCURRENCY_LEVEL_FIELD}.default must lie between its minimum and maximum`);
  return range;
}
