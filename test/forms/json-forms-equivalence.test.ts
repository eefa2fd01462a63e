import {
  Actions,
  configReducer,
  coreReducer,
  i18nReducer,
  mapStateToControlProps,
  mapStateToLabelProps,
  mapStateToLayoutProps,
  type ControlElement,
  type JsonFormsState,
  type LabelElement,
  type Layout,
  type UISchemaElement,
} from '@jsonforms/core';
import fc from 'fast-check';
import { BorrowFormExtension } from '../../adapters/borrowed-concurrency/borrow-form-extension';
import type { ConnectionSummary, ConnectionValues, FormContext, JsonFormsForm, RenderedForm } from '../../src/contracts';
import { CARTROVER_FORM_DEFINITION } from '../../src/app/cartrover-form-definition';
import { FormEngine } from '../../src/forms/form-engine';
import { storedConnection } from './connection-fixtures';

/**
 * The proof that the rendered `jsonForms` triple shows what `fields` says: the real @jsonforms/core,
 * in its default setup (`Actions.init` without options, so its own `createAjv()`), evaluates the
 * served triple, and its control props are compared with the engine's fields.
 */
const engine = new FormEngine(CARTROVER_FORM_DEFINITION, [new BorrowFormExtension()]);
const RUNS = 1200;

/** What JSON Forms decided for one element (a control's field id, or a label's position). */
interface Seen {
  readonly key: string;
  readonly visible: boolean;
  readonly enabled: boolean;
  readonly required?: boolean;
  readonly label?: string;
  readonly text?: string;
}

interface Loaded {
  readonly seen: Seen[];
  /** Field ids JSON Forms' own validation flags. */
  readonly errorFields: Set<string>;
  readonly warnings: string[];
}

/** Loads the triple as a host would (after the JSON round trip of the REST API) and walks it like JSON Forms' dispatch does. */
function loadInJsonForms(triple: JsonFormsForm): Loaded {
  const served = JSON.parse(JSON.stringify(triple)) as { schema: object; uischema: UISchemaElement; data: Record<string, string> };
  const warnings: string[] = [];
  const warn = jest.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => void warnings.push(args.map(String).join(' ')));
  const error = jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void warnings.push(args.map(String).join(' ')));
  try {
    const core = coreReducer(undefined, Actions.init(served.data, served.schema, served.uischema));
    const state = {
      jsonforms: {
        core,
        config: configReducer(undefined, { type: 'none' } as never),
        i18n: i18nReducer(undefined, { type: 'none' } as never),
        renderers: [],
        cells: [],
      },
    } as unknown as JsonFormsState;
    const rootSchema = core.schema;
    const seen: Seen[] = [];
    const visit = (element: UISchemaElement, parentVisible: boolean, parentEnabled: boolean, position: string): void => {
      if (element.type === 'Control') {
        const props = mapStateToControlProps(state, { uischema: element as ControlElement, schema: rootSchema, path: '', enabled: parentEnabled });
        seen.push({
          key: (element as ControlElement).scope.replace('#/properties/', ''),
          visible: parentVisible && props.visible,
          enabled: props.enabled,
          required: props.required ?? false,
          label: props.label,
        });
      } else if (element.type === 'Label') {
        const props = mapStateToLabelProps(state, { uischema: element as LabelElement, path: '', enabled: parentEnabled } as never);
        seen.push({ key: position, visible: parentVisible && props.visible, enabled: parentEnabled, text: props.text ?? '' });
      } else {
        const layout = element as Layout;
        const props = mapStateToLayoutProps(state, { uischema: layout, schema: rootSchema, path: '', enabled: parentEnabled } as never);
        layout.elements.forEach((child, index) => visit(child, parentVisible && props.visible, props.enabled, `${position}/${index}`));
      }
    };
    visit(served.uischema, true, true, '');
    const errorFields = new Set((core.errors ?? []).map((problem) => problem.instancePath.split('/')[1] ?? ''));
    return { seen, errorFields, warnings };
  } finally {
    warn.mockRestore();
    error.mockRestore();
  }
}

/**
 * The data JSON Forms holds for a field: its value, but a blank select is absent (the renderers'
 * own "None") and a typed secret is kept as typed (never in `fields`).
 */
function shownData(field: RenderedForm['fields'][number]): string | undefined {
  if (field.type === 'select' && field.value === '') return undefined;
  // A stored secret: `fields` shows the mask, the data leaves it out (posting it back keeps the stored one).
  if (field.type === 'password' && field.value !== '') return undefined;
  return field.value;
}

/** The differences between the engine's fields and what JSON Forms shows; empty when they agree. */
function differences(form: RenderedForm, loaded: Loaded): string[] {
  const found: string[] = [];
  const controls = form.fields.filter((field) => field.type !== 'note');
  const notes = form.fields.filter((field) => field.type === 'note');
  const seenControls = loaded.seen.filter((seen) => seen.text === undefined);
  const seenLabels = loaded.seen.filter((seen) => seen.text !== undefined);
  if (seenControls.map((seen) => seen.key).join() !== controls.map((field) => field.id).join()) found.push('control order');
  if (seenLabels.length !== notes.length) found.push('label count');
  for (const field of controls) {
    const seen = seenControls.find((candidate) => candidate.key === field.id);
    if (!seen) continue;
    if (seen.visible !== field.visible) found.push(`${field.id}.visible engine=${field.visible} jsonforms=${seen.visible}`);
    if (seen.enabled !== !field.disabled) found.push(`${field.id}.enabled engine=${!field.disabled} jsonforms=${seen.enabled}`);
    if (seen.required !== field.required) found.push(`${field.id}.required engine=${field.required} jsonforms=${String(seen.required)}`);
    if (seen.label !== field.label) found.push(`${field.id}.label`);
    const data = form.jsonForms.data[field.id];
    const typedSecret = field.type === 'password' && field.value === '' && typeof data === 'string' && data.trim() !== '';
    if (data !== shownData(field) && !typedSecret) found.push(`${field.id}.data`);
  }
  notes.forEach((note, index) => {
    const seen = seenLabels[index];
    if (!seen) return;
    if (seen.visible !== note.visible) found.push(`${note.id}.visible engine=${note.visible} jsonforms=${seen.visible}`);
    if (note.visible && seen.text !== note.value) found.push(`${note.id}.text`);
  });
  return found;
}

// ---- generated states ----------------------------------------------------------------------

/** An account: CartRover connections (some of another app) with random lenders, chains included. */
const accountArbitrary = fc
  .record({
    size: fc.integer({ min: 0, max: 10 }),
    numericIds: fc.boolean(),
    chainLength: fc.integer({ min: 0, max: 6 }),
  })
  .chain(({ size, numericIds, chainLength }) => {
    const ids = Array.from({ length: size }, (_, index) => (numericIds ? String(index + 1) : `conn-${index + 1}`));
    const lender = ids.length === 0 ? fc.constant(null) : fc.oneof(fc.constant(null), fc.constantFrom(...ids), fc.constant('deleted-lender'));
    const connection = fc.record({
      lender,
      level: fc.option(fc.integer({ min: 1, max: 25 }), { nil: null }),
      offline: fc.boolean(),
      name: fc.constantFrom('Main', 'main', 'Orders', 'Returns', 'Émile', 'Zoë', 'Warehouse'),
    });
    return fc.tuple(fc.constant(ids), fc.array(connection, { minLength: size, maxLength: size }), fc.constant(chainLength), fc.nat());
  })
  .map(([ids, drawn, chainLength, seed]) =>
    ids.map((id, index): ConnectionSummary => {
      const draw = drawn[index]!;
      // The first `chainLength` connections form a chain 1 → 2 → … (a long lender chain).
      const lender = index + 1 < Math.min(chainLength, ids.length) ? ids[index + 1]! : draw.lender;
      const base = storedConnection(id, {
        name: `${draw.name} ${index}`,
        borrowConcurrencyFrom: lender,
        concurrencyLevel: draw.level,
        offline: draw.offline,
      });
      // Now and then another app's connection: never a lender, only a name that must stay unique.
      return (seed + index) % 5 === 0 ? { ...base, appId: 'file' } : base;
    }),
  );

const levelArbitrary = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.constantFrom('', '  ', '7', ' 7 ', '25', '26', '0', '-1', '2.5', 'abc', '1e1'),
  fc.integer({ min: -3, max: 30 }),
  fc.double({ min: 0, max: 30, noNaN: true }),
);

function lenderArbitrary(connections: readonly ConnectionSummary[]): fc.Arbitrary<unknown> {
  const ids = connections.map((connection) => connection.id);
  const known = ids.length === 0 ? [fc.constant('nobody')] : [fc.constantFrom(...ids), fc.constantFrom(...ids).map((id) => `  ${id} `)];
  const numeric = ids.filter((id) => /^\d+$/.test(id)).map(Number);
  return fc.oneof(
    fc.constant(undefined),
    fc.constant(null),
    fc.constantFrom('', ' ', '   ', '\t'),
    ...known,
    ...(numeric.length > 0 ? [fc.constantFrom(...numeric)] : []),
    fc.constantFrom('unknown-lender', 'deleted-lender', '999'),
    fc.integer({ min: 100, max: 200 }),
  );
}

const stateArbitrary = accountArbitrary.chain((connections) => {
  const editable = connections.filter((connection) => connection.appId === 'cartrover').map((connection) => connection.id);
  const connectionId = editable.length === 0 ? fc.constant(undefined) : fc.option(fc.constantFrom(...editable), { nil: undefined });
  const values = fc.record(
    {
      name: fc.oneof(fc.constantFrom('', '  ', 'New', 'main 0', ' Orders 1 '), fc.string({ maxLength: 8 })),
      apiUser: fc.constantFrom('', 'user-conn-1', 'user-1', 'someone', ' a:b '),
      apiKey: fc.constantFrom(undefined, '', '******', 'k-123'),
      borrowConcurrencyFrom: lenderArbitrary(connections),
      concurrencyLevel: levelArbitrary,
    },
    { requiredKeys: [] },
  );
  return fc.record({ connections: fc.constant(connections), connectionId, values });
});

describe('JSON Forms (@jsonforms/core, default setup) shows what the engine says', () => {
  it(`agrees on visibility, enablement, required, labels and data over ${RUNS} generated states, with no init warning`, () => {
    let compared = 0;
    const mismatches: string[] = [];
    fc.assert(
      fc.property(stateArbitrary, ({ connections, connectionId, values }) => {
        const context: FormContext = connectionId === undefined ? { connections } : { connectionId, connections };
        const form = engine.render(values as ConnectionValues, context);
        const loaded = loadInJsonForms(form.jsonForms);
        compared += 1;
        expect(loaded.warnings).toEqual([]);
        const found = differences(form, loaded);
        if (found.length > 0) mismatches.push(`${JSON.stringify({ values, connectionId })}: ${found.join('; ')}`);
        expect(found).toEqual([]);
        // JSON Forms' own validation flags only fields the engine reports too (a valid form: none).
        for (const fieldId of loaded.errorFields) expect(form.errors).toHaveProperty(fieldId);
        if (form.valid) expect([...loaded.errorFields]).toEqual([]);
      }),
      { numRuns: RUNS, seed: 20261201 },
    );
    expect(mismatches).toEqual([]);
    expect(compared).toBeGreaterThanOrEqual(1000);
  });

  it('agrees on enablement too: DISABLE and ENABLE rules of a layout variant', () => {
    const definition = JSON.parse(JSON.stringify(CARTROVER_FORM_DEFINITION)) as typeof CARTROVER_FORM_DEFINITION;
    const [general, details] = definition.layout.elements as unknown as { elements: Record<string, unknown>[] }[];
    const whenLender = (schema: object) => ({ scope: '#/properties/borrowConcurrencyFrom', schema });
    general!.elements[0]!.rule = { effect: 'DISABLE', condition: whenLender({ const: '7' }) };
    details!.elements[0]!.rule = { effect: 'ENABLE', condition: whenLender({ type: 'string', pattern: '^conn-' }) };
    const variant = new FormEngine(definition, [new BorrowFormExtension()]);
    const connections = [storedConnection('7', { name: 'Seven' }), storedConnection('conn-1', { name: 'One' })];
    let disabledSeen = 0;
    for (const lender of [undefined, '', '  ', 7, '7', ' 7 ', 'conn-1', 'conn-9', 'x']) {
      const form = variant.render({ name: 'N', apiUser: 'u', apiKey: 'k', borrowConcurrencyFrom: lender }, { connections });
      expect(differences(form, loadInJsonForms(form.jsonForms))).toEqual([]);
      disabledSeen += form.fields.filter((field) => field.disabled).length;
    }
    expect(disabledSeen).toBeGreaterThan(0);
  });

  it('covers the edge cases by name: whitespace is blank, ids are strings, an unknown lender is an error of its own', () => {
    const connections = [storedConnection('7', { name: 'Seven' }), storedConnection('8', { name: 'Eight', borrowConcurrencyFrom: '7' })];
    const base = { name: 'New', apiUser: 'u', apiKey: 'k' };
    const cases: [unknown, { level: boolean; note: boolean; lenderError: boolean }][] = [
      ['   ', { level: true, note: false, lenderError: false }],
      [7, { level: false, note: true, lenderError: false }],
      ['unknown', { level: false, note: true, lenderError: true }],
      ['', { level: true, note: false, lenderError: false }],
      ['8', { level: false, note: true, lenderError: false }],
    ];
    for (const [lender, expected] of cases) {
      const form = engine.render({ ...base, borrowConcurrencyFrom: lender }, { connections });
      const loaded = loadInJsonForms(form.jsonForms);
      expect(differences(form, loaded)).toEqual([]);
      expect(loaded.seen.find((seen) => seen.key === 'concurrencyLevel')?.visible).toBe(expected.level);
      expect(loaded.seen.find((seen) => seen.text !== undefined)?.visible).toBe(expected.note);
      expect('borrowConcurrencyFrom' in form.errors).toBe(expected.lenderError);
    }
  });
});
