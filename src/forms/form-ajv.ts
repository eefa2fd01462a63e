import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/**
 * The one ajv instance of a form: it validates the values AND evaluates the UI rules' conditions,
 * so both speak the same JSON Schema dialect (draft 2020-12, strict).
 *
 * Custom keywords are annotations the engine reads itself; they are registered (with a meta-schema)
 * so that strict mode still rejects typos such as `x-mesages`.
 */
export function createFormAjv(): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true });
  addFormats(ajv);
  ajv.addKeyword({
    // Messages a person understands, by ajv keyword (`required`, `minLength`, …), engine check
    // (`unique`, `option`, `boundFieldChanged`) or `*` for any other failure of the field.
    keyword: 'x-messages',
    metaSchema: { type: 'object', additionalProperties: { type: 'string', minLength: 1 } },
  });
  ajv.addKeyword({
    // On a `writeOnly` field: the stored secret belongs to the value of this other field (a key to
    // its user), so changing that field requires a new secret.
    keyword: 'x-secret-bound-to',
    metaSchema: { type: 'string', minLength: 1 },
  });
  return ajv;
}

export type FormAjv = ReturnType<typeof createFormAjv>;
