import { Actions, coreReducer, errorAt, type JsonSchema as JsonFormsSchemaType } from '@jsonforms/core';
import { BorrowFormExtension } from '../../adapters/borrowed-concurrency/borrow-form-extension';
import type { JsonFormsForm } from '../../src/contracts';
import { CARTROVER_FORM_DEFINITION } from '../../src/app/cartrover-form-definition';
import { FormEngine } from '../../src/forms/form-engine';
import { storedConnection } from './connection-fixtures';

const engine = new FormEngine(CARTROVER_FORM_DEFINITION, [new BorrowFormExtension()]);
const connections = [storedConnection('main', { name: 'Main store', concurrencyLevel: 8 }), storedConnection('self', { name: 'Self', apiUser: 'self-user' })];
const LENDER_RULE = { scope: '#/properties/borrowConcurrencyFrom', schema: { type: 'string', minLength: 1 } };

/** Every key used anywhere in a JSON value (to prove no custom or 2020-12-only keyword reaches JSON Forms). */
function keysOf(value: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) keysOf(item, found);
  else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      found.add(key);
      keysOf(child, found);
    }
  }
  return found;
}

function elementTypes(element: { type: string; elements?: readonly unknown[] }, found = new Set<string>()): Set<string> {
  found.add(element.type);
  for (const child of element.elements ?? []) elementTypes(child as { type: string }, found);
  return found;
}

/** The messages JSON Forms shows at a control (its own `errorAt`, as every renderer set reads them), joined. */
function getControlErrors(state: { jsonforms: { core: ReturnType<typeof coreReducer> } }, fieldId: string): string {
  const schema = state.jsonforms.core.schema.properties![fieldId] as JsonFormsSchemaType;
  const errors = errorAt(fieldId, schema)(state.jsonforms.core as never);
  return errors.map((error) => error.message).join('\n');
}

describe('the rendered form for JSON Forms', () => {
  const form = engine.render({ name: 'Self', apiUser: 'self-user', borrowConcurrencyFrom: 'main', concurrencyLevel: '4' }, { connectionId: 'self', connections });
  const { schema, uischema, data }: JsonFormsForm = form.jsonForms;

  it('is a plain draft-07 object schema: strings, titles, help as descriptions, selects as one-of enums (the renderers add the one blank "None")', () => {
    expect(Object.keys(schema.properties)).toEqual(['name', 'apiUser', 'apiKey', 'borrowConcurrencyFrom', 'concurrencyLevel']);
    expect(schema.properties.name).toEqual({ type: 'string', title: 'Name', description: expect.stringContaining('unique') });
    expect(schema.properties.apiKey).toMatchObject({ type: 'string', title: 'API key', writeOnly: true });
    expect(schema.properties.borrowConcurrencyFrom!.oneOf).toEqual([{ const: 'main', title: 'Main store' }]);
    expect(schema.properties.concurrencyLevel!.oneOf).toEqual(Array.from({ length: 25 }, (_, index) => ({ const: String(index + 1), title: String(index + 1) })));
    expect(schema.required).toEqual(['name', 'apiUser']);
    const keywords = keysOf(schema);
    for (const keyword of keywords) expect(keyword.startsWith('x-') || keyword.startsWith('$')).toBe(false);
    expect([...keywords].filter((key) => !(key in schema.properties))).toEqual(
      expect.arrayContaining(['type', 'properties', 'required', 'title', 'oneOf', 'const']),
    );
  });

  it('has a UI schema of JSON Forms elements only, controls scoped #/properties/<field id>, the note as a Label', () => {
    expect([...elementTypes(uischema)].sort()).toEqual(['Control', 'Group', 'Label', 'VerticalLayout']);
    const advanced = uischema.elements[2]!;
    expect(advanced).toEqual({
      type: 'Group',
      label: 'Advanced settings',
      elements: [
        { type: 'Control', scope: '#/properties/borrowConcurrencyFrom', label: 'Borrow concurrency from', options: { autocomplete: false } },
        { type: 'Label', text: 'Shares concurrency with Main store: level 8', rule: { effect: 'SHOW', condition: LENDER_RULE } },
        {
          type: 'Control',
          scope: '#/properties/concurrencyLevel',
          label: 'Concurrency level',
          options: { autocomplete: false },
          rule: { effect: 'HIDE', condition: LENDER_RULE },
        },
      ],
    });
    expect(uischema.elements[1]!.elements[1]).toEqual({ type: 'Control', scope: '#/properties/apiKey', label: 'API key', options: { format: 'password' } });
  });

  it('carries the fields\' values as data: strings; the stored key (shown masked in fields) and a blank (here hidden) select absent', () => {
    expect(data).toEqual({ name: 'Self', apiUser: 'self-user', borrowConcurrencyFrom: 'main' });
    expect(form.fields.find((field) => field.id === 'apiKey')!.value).toBe('******');
    expect(JSON.stringify(form)).not.toContain('x-messages');
  });

  it('keeps a typed key in the data as it was handed in (a re-render on change keeps what a person typed); fields never show it', () => {
    const typed = engine.render({ name: 'Shop', apiKey: ' typed-key ' }, { connections });
    expect(typed.jsonForms.data.apiKey).toBe(' typed-key ');
    expect(typed.fields.find((field) => field.id === 'apiKey')!.value).toBe('');
    expect(JSON.stringify({ ...typed, jsonForms: { ...typed.jsonForms, data: {} } })).not.toContain('typed-key');
  });

  it('gives the server\'s messages as additionalErrors that JSON Forms shows at their controls, a one-of select included', () => {
    const invalid = engine.render({ name: '', apiUser: 'u', apiKey: 'k', concurrencyLevel: '30' }, { connections });
    expect(invalid.errors).toEqual({ name: expect.any(String), concurrencyLevel: expect.any(String) });
    expect(invalid.jsonForms.additionalErrors).toEqual([
      { instancePath: '/name', schemaPath: '#/properties/name', keyword: 'server', message: invalid.errors.name, params: {}, parentSchema: invalid.jsonForms.schema.properties.name },
      {
        instancePath: '/concurrencyLevel',
        schemaPath: '#/properties/concurrencyLevel',
        keyword: 'server',
        message: invalid.errors.concurrencyLevel,
        params: {},
        parentSchema: invalid.jsonForms.schema.properties.concurrencyLevel,
      },
    ]);
    const { schema: s, uischema: u, data: d, additionalErrors } = invalid.jsonForms;
    const state = {
      jsonforms: {
        core: coreReducer(undefined, Actions.init(d, s as Parameters<typeof Actions.init>[1], u as Parameters<typeof Actions.init>[2], { additionalErrors: [...additionalErrors] as never })),
      },
    };
    for (const fieldId of ['name', 'concurrencyLevel']) {
      const shown = getControlErrors(state as never, fieldId);
      expect(shown).toContain(invalid.errors[fieldId]);
    }
  });

  it('loads in the default JSON Forms setup and validates the same values as valid', () => {
    const core = coreReducer(undefined, Actions.init(data, schema as Parameters<typeof Actions.init>[1], uischema as Parameters<typeof Actions.init>[2]));
    expect(core.errors).toEqual([]);
    expect(form.valid).toBe(true);
  });

  it('hands out frozen shared parts: a consumer changing one render cannot change the next', () => {
    const first = engine.render({}, { connections });
    expect(() => {
      (first.jsonForms.uischema.elements[0]!.elements[0] as { label: string }).label = 'Changed';
    }).toThrow(TypeError);
    expect(engine.render({}, { connections }).jsonForms.uischema.elements[0]!.elements[0]).toMatchObject({ label: 'Name' });
  });
});
