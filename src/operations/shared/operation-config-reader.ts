import Ajv2020 from 'ajv/dist/2020';
import type { JsonSchema } from '../../contracts';

/**
 * Reads a step's config through its JSON Schema: validates it and fills in the schema's defaults.
 * The host validates first (against the operation's config schema), but an operation must not depend on how thoroughly, and
 * the defaults live only in the schema (the single source of truth), so we apply them here.
 */
export type OperationConfigReader<T> = (config: Record<string, unknown>) => T;

// One instance for all operation schemas: each is compiled once, when its operation is built.
const ajv = new Ajv2020({ strict: true, allErrors: true, useDefaults: true });

export function createConfigReader<T>(operationId: string, schema: JsonSchema): OperationConfigReader<T> {
  const validate = ajv.getSchema(String(schema.$id)) ?? ajv.compile(schema);
  return (config) => {
    // Copy: useDefaults writes into the object it validates, and the caller's config is not ours.
    const copy = structuredClone(config ?? {});
    if (!validate(copy)) {
      const problems = (validate.errors ?? []).map((error) => `${error.instancePath || '(config)'} ${error.message ?? 'is invalid'}`);
      throw new Error(`Invalid config for CartRover operation "${operationId}": ${problems.join('; ')}`);
    }
    return copy as T;
  };
}
