import Ajv2020 from 'ajv/dist/2020';
import type { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { OperationContribution } from 'cartrover-connector/contracts';
import { fieldSentences } from './field-sentences';
import { fieldErrors } from './json-schema-errors';

/** A config's problems: machine-readable per field, and the same fields in sentences for people. */
export interface ConfigProblems {
  readonly errors: Record<string, string>;
  readonly messages: Record<string, string>;
}

/** Validates step configs against their operation's `configSchema` (draft 2020-12), compiled once per operation. */
export class OperationConfigValidator {
  readonly #ajv: Ajv2020;
  readonly #compiled = new WeakMap<OperationContribution, ValidateFunction>();

  constructor() {
    // strict off: a plugin's schema may carry annotations this host does not know.
    this.#ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(this.#ajv);
  }

  /** Field errors keyed under `prefix` (e.g. `source.config.status`), empty when valid. */
  errors(operation: OperationContribution, config: unknown, prefix: string): Record<string, string> {
    return this.problems(operation, config, prefix).errors;
  }

  problems(operation: OperationContribution, config: unknown, prefix: string): ConfigProblems {
    let validate = this.#compiled.get(operation);
    if (!validate) {
      try {
        validate = this.#ajv.compile(operation.configSchema);
      } catch (error) {
        const message = `the operation's configSchema cannot be compiled (${(error as Error).message})`;
        return { errors: { [prefix]: message }, messages: { [prefix]: `This operation cannot be used: its settings are broken (${(error as Error).message}).` } };
      }
      this.#compiled.set(operation, validate);
    }
    if (validate(config)) return { errors: {}, messages: {} };
    const found = validate.errors ?? [];
    return { errors: fieldErrors(prefix, found), messages: fieldSentences(prefix, found, operation.configSchema, 'The settings') };
  }
}
