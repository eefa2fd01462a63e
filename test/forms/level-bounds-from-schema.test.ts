import { CARTROVER_FORM_DEFINITION } from '../../src/app/cartrover-form-definition';
import type { FormDefinition } from '../../src/forms/form-definition';
import { FormEngine } from '../../src/forms/form-engine';
import type { UiLayout } from '../../src/forms/ui-layout';
import { connectionLevelRange, widestConnectionLevel } from '../../src/concurrency/connection-level-range';

type Mutable = { schema: { properties: Record<string, Record<string, unknown>> }; layout: unknown };

/** The CartRover form with the level property's schema changed, and nothing else. */
function withLevel(change: (level: Record<string, unknown>) => void): FormDefinition {
  const copy = JSON.parse(JSON.stringify(CARTROVER_FORM_DEFINITION)) as Mutable;
  change(copy.schema.properties.concurrencyLevel!);
  return { appId: 'cartrover', schema: copy.schema, layout: copy.layout as UiLayout };
}

describe('the concurrency level\'s bounds and default: one owner, the form schema', () => {
  it('are read from the schema for the pools, the lender note and import windows', () => {
    expect(connectionLevelRange('cartrover')).toEqual({ minimum: 1, maximum: 25, default: 5 });
    expect(widestConnectionLevel()).toBe(25);
    expect(() => connectionLevelRange('nope')).toThrow('plugin.manifest.json names no connection form for app "nope"');
  });

  it('make the form: a schema with 2..7 (default 3) offers 2..7, labels the blank "Default (3)", and says 2 to 7 in help and message', () => {
    const engine = new FormEngine(withLevel((level) => Object.assign(level, { minimum: 2, maximum: 7, default: 3 })));
    const form = engine.render({ name: 'N', apiUser: 'u', apiKey: 'k', concurrencyLevel: '8' }, { connections: [] });
    const field = form.fields.find((candidate) => candidate.id === 'concurrencyLevel')!;
    expect(field.options!.map((option) => option.label)).toEqual(['Default (3)', '2', '3', '4', '5', '6', '7']);
    expect(field.help).toContain('(2 to 7). Keep “Default (3)”');
    expect(form.errors.concurrencyLevel).toBe('Concurrency level must be a whole number from 2 to 7');
  });

  it('refuses, when the form is built, a text naming a bound its property does not define', () => {
    expect(() => new FormEngine(withLevel((level) => delete level.default))).toThrow('names {default}, which its property\'s schema does not define');
  });
});
