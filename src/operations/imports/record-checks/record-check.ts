import { Validator, type ValidationError, type ValidatorOptions } from './class-validator-parts';
import { REQUIRED } from './record-constraints';

/** A record read into its DTO, or the one message that says everything wrong with it. */
export type RecordCheck<T> = { readonly ok: true; readonly dto: T } | { readonly ok: false; readonly message: string };

/** How a DTO is built from a plain record: nested DTOs (lines, shipments) must be instances too. */
export type DtoBuilder<T extends object> = (fields: Readonly<Record<string, unknown>>) => T;

export interface RecordCheckOptions {
  /** Labels for missing fields whose path alone does not say enough (`items` -> "items (at least one line)"). */
  readonly requiredLabels?: Readonly<Record<string, string>>;
  /** Field families allowed by prefix (`check_*`): not whitelisted one by one. */
  readonly allowedPrefixes?: readonly string[];
}

type DtoClass = abstract new () => object;

interface FieldWhitelist {
  readonly fields: ReadonlySet<string>;
  /** Properties holding an array of nested DTOs (lines, shipments), by their DTO class. */
  readonly nested: Readonly<Record<string, DtoClass>>;
}

const WHITELISTS = new WeakMap<DtoClass, FieldWhitelist>();

/** One validator and one options object for every record (class-validator's `validateSync` looks its validator up per call). */
const VALIDATOR = new Validator();
const VALIDATOR_OPTIONS: ValidatorOptions = Object.freeze({ validationError: Object.freeze({ target: false }) });

/**
 * Declares the fields a DTO's records may carry (its whitelist), with the properties that hold
 * nested DTOs. Kept beside class-validator's metadata rather than as `@Allow()` on ~150 fields:
 * class-validator walks every metadata entry of a class per record, which made it 2-3x slower.
 */
export function whitelistFields(dto: DtoClass, fields: readonly string[], nested: Readonly<Record<string, DtoClass>> = {}): void {
  WHITELISTS.set(dto, { fields: new Set(fields), nested });
}

/** Fields of `record` (and of its nested records) outside the DTO's whitelist, as paths. */
function unknownFields(record: Readonly<Record<string, unknown>>, dto: DtoClass, prefixes: readonly string[], path: string): string[] {
  const whitelist = WHITELISTS.get(dto);
  if (!whitelist) return [];
  const unknown: string[] = [];
  // The path is built only for a field that is reported or nested: most records have neither.
  for (const field in record) {
    if (!Object.prototype.hasOwnProperty.call(record, field)) continue;
    if (!whitelist.fields.has(field)) {
      if (path !== '' || !startsWithAny(field, prefixes)) unknown.push(path === '' ? field : `${path}.${field}`);
      continue;
    }
    const nestedDto = whitelist.nested[field];
    const value = record[field];
    if (nestedDto === undefined || !Array.isArray(value)) continue;
    const at = path === '' ? field : `${path}.${field}`;
    for (let index = 0; index < value.length; index += 1) {
      const element: unknown = value[index];
      if (typeof element === 'object' && element !== null && !Array.isArray(element)) {
        unknown.push(...unknownFields(element as Record<string, unknown>, nestedDto, prefixes, `${at}[${index}]`));
      }
    }
  }
  return unknown;
}

/**
 * JSON keys that would not stay data once copied into a DTO: `__proto__` replaces the DTO's
 * prototype and `constructor` hides its class, after which class-validator knows neither the class
 * nor its rules ("an unknown value was passed to the validate function"). Looked for on the record
 * and on the objects of its lists (lines, shipments), where DTOs are built.
 */
const KEYS_THAT_CHANGE_THE_DTO = ['__proto__', 'constructor'] as const;

function keysThatChangeTheDto(record: Readonly<Record<string, unknown>>): string[] {
  const found: string[] = [];
  const look = (object: object, path: string): void => {
    for (const key of KEYS_THAT_CHANGE_THE_DTO) {
      if (Object.prototype.hasOwnProperty.call(object, key)) found.push(path === '' ? key : `${path}.${key}`);
    }
  };
  look(record, '');
  for (const field of Object.keys(record)) {
    const value = record[field];
    if (!Array.isArray(value)) continue;
    value.forEach((element: unknown, index) => {
      if (typeof element === 'object' && element !== null && !Array.isArray(element)) look(element, `${field}[${index}]`);
    });
  }
  return found;
}

function startsWithAny(field: string, prefixes: readonly string[]): boolean {
  for (const prefix of prefixes) if (field.startsWith(prefix)) return true;
  return false;
}

/**
 * Checks a record with class-validator: every
 * constraint of every field, nested lines by their index; and whitelisted fields only (an unknown
 * one is named, with its path). Missing fields are listed together
 * ("Missing required field(s): a, b"); any other problem says what the value must be and what it got.
 */
export function checkRecord<T extends object>(record: unknown, build: DtoBuilder<T>, options: RecordCheckOptions = {}): RecordCheck<T> {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return { ok: false, message: 'The record is not a JSON object' };
  const fields = record as Readonly<Record<string, unknown>>;
  const unsafe = keysThatChangeTheDto(fields);
  if (unsafe.length > 0) return { ok: false, message: unsafe.map((path) => `${path} is not a field CartRover knows here; remove it from the record`).join('; ') };
  const dto = build(fields);
  const unknown = unknownFields(fields, dto.constructor as DtoClass, options.allowedPrefixes ?? [], '');
  const errors = VALIDATOR.validateSync(dto, VALIDATOR_OPTIONS);
  if (errors.length === 0 && unknown.length === 0) return { ok: true, dto };

  const missing: string[] = [];
  const problems: string[] = [];
  const visit = (error: ValidationError, parent: string): void => {
    const path = /^\d+$/.test(error.property) ? `${parent}[${error.property}]` : parent === '' ? error.property : `${parent}.${error.property}`;
    const constraints = error.constraints ?? {};
    if (REQUIRED in constraints) missing.push(options.requiredLabels?.[path.replace(/\[\d+\]/g, '[]')] ?? path);
    else if ('nestedValidation' in constraints) missing.push(`${path} (an object)`);
    else {
      // A message with a capital letter is a whole sentence; others say what the value must be.
      const first = Object.values(constraints)[0];
      if (first !== undefined) problems.push(/^[A-Z]/.test(first) ? first : `${path} ${first} (got ${JSON.stringify(error.value)})`);
    }
    for (const child of error.children ?? []) visit(child, path);
  };
  for (const error of errors) visit(error, '');
  problems.push(...unknown.map((path) => `${path} is not a field CartRover knows here`));
  const message = missing.length > 0 ? [`Missing required field(s): ${missing.join(', ')}`, ...problems].join('; ') : problems.join('; ');
  return { ok: false, message };
}
