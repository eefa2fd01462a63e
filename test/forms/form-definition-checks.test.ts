import { CARTROVER_FORM_DEFINITION } from '../../src/app/cartrover-form-definition';
import type { FormDefinition } from '../../src/forms/form-definition';
import { FormEngine } from '../../src/forms/form-engine';
import type { UiControl, UiGroup, UiLayout } from '../../src/forms/ui-layout';

type MutableSchema = { properties: Record<string, Record<string, unknown>>; [key: string]: unknown };

function variant(change: (schema: MutableSchema, layout: { elements: UiGroup[] }) => void): FormDefinition {
  const copy = JSON.parse(JSON.stringify(CARTROVER_FORM_DEFINITION)) as { schema: MutableSchema; layout: { elements: UiGroup[] } };
  change(copy.schema, copy.layout);
  return { appId: 'cartrover', schema: copy.schema, layout: copy.layout as unknown as UiLayout };
}

function addControl(layout: { elements: UiGroup[] }, control: UiControl): void {
  (layout.elements[0]!.elements as unknown as UiControl[]).push(control);
}

describe('registration-time checks of a form definition', () => {
  it('accepts the CartRover form and derives its secret fields from the schema', () => {
    const engine = new FormEngine(CARTROVER_FORM_DEFINITION);
    expect(engine.secretFields).toEqual(['apiKey']);
    expect(engine.schema).toBe(CARTROVER_FORM_DEFINITION.schema);
  });

  it('refuses a secret-looking field that is not writeOnly', () => {
    const definition = variant((schema) => {
      delete schema.properties.apiKey!.writeOnly;
    });
    expect(() => new FormEngine(definition)).toThrow(
      'Connection form "cartrover": field "apiKey" (label "API key") looks like a secret (it mentions "key") but is not marked "writeOnly": true',
    );
  });

  it.each([
    ['accessToken', 'Access'],
    ['extra', 'Client secret'],
    ['pwd', 'Password'],
  ])('refuses %s labelled %s when not writeOnly', (id, label) => {
    const definition = variant((schema, layout) => {
      schema.properties[id] = { type: 'string' };
      addControl(layout, { type: 'Control', scope: `#/properties/${id}`, label });
    });
    expect(() => new FormEngine(definition)).toThrow(/looks like a secret/);
  });

  it('refuses a layout that forgets a schema property, or shows one that does not exist', () => {
    expect(() => new FormEngine(variant((schema) => (schema.properties.extra = { type: 'string' })))).toThrow(
      'schema property "extra" is missing from the layout',
    );
    expect(() =>
      new FormEngine(variant((_schema, layout) => addControl(layout, { type: 'Control', scope: '#/properties/nope', label: 'Nope' }))),
    ).toThrow('the layout shows "nope", which is not a property of the schema');
  });

  it('refuses a rule that depends on a field with a rule itself (JSON Forms would see that field blank while hidden)', () => {
    const definition = variant((_schema, layout) => {
      const advanced = layout.elements[2]!.elements as unknown as { rule?: { condition: { scope: string } } }[];
      advanced[1]!.rule!.condition.scope = '#/properties/concurrencyLevel';
    });
    expect(() => new FormEngine(definition)).toThrow(
      'the rule of "concurrencyPool" depends on "concurrencyLevel", which has a rule itself (rules may only depend on fields that are always shown)',
    );
  });

  it('refuses a layout outside the dialect, and unknown schema keywords (ajv strict)', () => {
    expect(() => new FormEngine(variant((_schema, layout) => ((layout.elements[0] as unknown as Record<string, unknown>).type = 'Tabs')))).toThrow(
      /does not follow the layout dialect/,
    );
    expect(() => new FormEngine(variant((schema) => (schema.properties.name!['x-mesages'] = {})))).toThrow(/unknown keyword/);
  });
});
