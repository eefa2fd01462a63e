import Ajv2020 from 'ajv/dist/2020';
import type { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { OperationContribution } from 'cartrover-connector/contracts';

/**
 * Checks a step's config against its operation's `configSchema` (draft 2020-12) before the
 * operation runs, as the contract asks of a host; compiled once per operation.
 */
export class OperationConfigCheck {
  readonly #ajv = new Ajv2020({ allErrors: true, strict: false });
  readonly #compiled = new WeakMap<OperationContribution, ValidateFunction>();

  constructor() {
    addFormats(this.#ajv);
  }

  /** A sentence naming what is wrong with the config, or undefined when it is valid. */
  problem(operation: OperationContribution, config: unknown): string | undefined {
    let validate = this.#compiled.get(operation);
    if (!validate) {
      validate = this.#ajv.compile(operation.configSchema);
      this.#compiled.set(operation, validate);
    }
    if (validate(config)) return undefined;
    return `The config of ${operation.id} is not valid: ${firstPerPlace(validate.errors ?? []).map(describe).join('; ')}`;
  }
}

/** One sentence per place: an enum's own error says more than the `const` and `oneOf` errors beside it. */
function firstPerPlace(errors: readonly ErrorObject[]): ErrorObject[] {
  const byPlace = new Map<string, ErrorObject>();
  for (const error of errors) {
    const place = error.keyword === 'additionalProperties' ? `${error.instancePath}/${String((error.params as { additionalProperty: string }).additionalProperty)}` : error.instancePath;
    const seen = byPlace.get(place);
    if (!seen || (error.keyword === 'enum' && seen.keyword !== 'enum')) byPlace.set(place, error);
  }
  return [...byPlace.values()];
}

function describe(error: ErrorObject): string {
  const where = error.instancePath === '' ? 'config' : `config${error.instancePath.replace(/\//g, '.')}`;
  if (error.keyword === 'additionalProperties') return `${where} has no setting "${String((error.params as { additionalProperty: string }).additionalProperty)}"`;
  if (error.keyword === 'enum') return `${where} must be one of ${((error.params as { allowedValues: unknown[] }).allowedValues ?? []).map((value) => JSON.stringify(value)).join(', ')}`;
  return `${where} ${error.message ?? 'is not valid'}`;
}
