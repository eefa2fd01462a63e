import type { ConnectionValues } from '../../src/contracts';
import { SECRET_MASK } from '../../src/contracts';
import { validateConnectionDto } from '../../src/connection/connection-dtos';
import { CARTROVER_FORM_DEFINITION } from '../../src/forms/cartrover-form-definition';
import { FormEngine } from '../../src/forms/form-engine';
import type { PropertySchema } from '../../src/forms/property-schema';
import { normalizeFieldValue } from '../../src/forms/value-normalizer';
import { storedConnection } from '../forms/connection-fixtures';

const engine = new FormEngine(CARTROVER_FORM_DEFINITION);
const stored = storedConnection('c1', { name: 'Stored', apiUser: 'demo-merchant' });
const good = { name: 'Main', apiUser: 'demo-merchant', apiKey: 'demo-merchant-key' };

/**
 * One table, two validators: the JSON Schema (through the form engine, which normalises first) and
 * the class-validator DTO (fed the same normalised values). Same fields must fail, with the same
 * message. Rows stay clear of the context rules only the form knows (unique name, lenders, stored key).
 */
const table: [label: string, values: ConnectionValues][] = [
  ['all good', good],
  ['level 1', { ...good, concurrencyLevel: 1 }],
  ['level 25', { ...good, concurrencyLevel: 25 }],
  ['level "7" from a form', { ...good, concurrencyLevel: '7' }],
  ['level blank', { ...good, concurrencyLevel: '' }],
  ['level null', { ...good, concurrencyLevel: null }],
  ['level 0', { ...good, concurrencyLevel: 0 }],
  ['level 26', { ...good, concurrencyLevel: 26 }],
  ['level 2.5', { ...good, concurrencyLevel: 2.5 }],
  ['level "abc"', { ...good, concurrencyLevel: 'abc' }],
  ['level "-3"', { ...good, concurrencyLevel: '-3' }],
  ['level true', { ...good, concurrencyLevel: true }],
  ['name missing', { apiUser: 'u', apiKey: 'k' }],
  ['name blank', { ...good, name: '   ' }],
  ['name 200', { ...good, name: 'n'.repeat(200) }],
  ['name 201', { ...good, name: 'n'.repeat(201) }],
  ['name not text', { ...good, name: { first: 'x' } }],
  ['api user missing', { name: 'n', apiKey: 'k' }],
  ['api user with colon', { ...good, apiUser: 'a:b' }],
  ['api user 201', { ...good, apiUser: 'u'.repeat(201) }],
  ['api key missing', { name: 'n', apiUser: 'u' }],
  ['api key blank', { ...good, apiKey: '' }],
  ['api key 501', { ...good, apiKey: 'k'.repeat(501) }],
  ['api key not text', { ...good, apiKey: ['k'] }],
  ['everything wrong', { name: '', apiUser: 'a:b', apiKey: '', concurrencyLevel: 99 }],
];

/** The values normalised exactly as the engine does before ajv sees them (the schema describes these). */
function normalised(values: ConnectionValues): ConnectionValues {
  const properties = (CARTROVER_FORM_DEFINITION.schema as { properties: Record<string, PropertySchema> }).properties;
  const out: Record<string, unknown> = {};
  for (const [id, value] of Object.entries(values)) {
    const property = properties[id];
    const normalisedValue = property ? normalizeFieldValue(property, value) : value;
    if (normalisedValue !== undefined) out[id] = normalisedValue;
  }
  return out;
}

describe('the JSON Schema and the DTOs agree', () => {
  it.each(table)('create: %s', (_label, values) => {
    const schemaVerdict = engine.validate(values, { connections: [] });
    const dtoErrors = validateConnectionDto(normalised(values), 'create');
    expect(dtoErrors).toEqual(schemaVerdict.ok ? {} : schemaVerdict.errors);
  });

  it.each(table)('update (stored key, same user): %s', (_label, values) => {
    const update = { ...values, apiUser: values.apiUser === 'demo-merchant' ? 'demo-merchant' : values.apiUser, name: values.name === 'Main' ? 'Stored' : values.name };
    const context = { connectionId: 'c1', connections: [stored] };
    const schemaVerdict = engine.validate(update, context);
    const dtoErrors = validateConnectionDto(normalised(update), 'update');
    // The DTO cannot know whether a key is stored or whose it is: compare the other fields.
    const withoutKeyRules = (errors: Record<string, string>): Record<string, string> => {
      const { apiKey: _ignored, ...rest } = errors;
      return rest;
    };
    expect(withoutKeyRules(dtoErrors)).toEqual(withoutKeyRules(schemaVerdict.ok ? {} : { ...schemaVerdict.errors }));
  });

  it('the update DTO accepts an omitted key or the mask', () => {
    expect(validateConnectionDto({ name: 'n', apiUser: 'u' }, 'update')).toEqual({});
    expect(validateConnectionDto({ name: 'n', apiUser: 'u', apiKey: SECRET_MASK }, 'update')).toEqual({});
    expect(validateConnectionDto({ name: 'n', apiUser: 'u' }, 'create')).toEqual({ apiKey: 'Enter the API key from CartRover' });
  });

  it('speaks like a person', () => {
    expect(validateConnectionDto({ ...good, concurrencyLevel: 30 }, 'create')).toEqual({ concurrencyLevel: 'Concurrency level must be a whole number from 1 to 25' });
  });

  it('refuses unknown fields, as the schema (additionalProperties: false) does', () => {
    expect(Object.keys(validateConnectionDto({ ...good, baseUrl: 'http://x' }, 'create'))).toEqual(['baseUrl']);
  });
});
