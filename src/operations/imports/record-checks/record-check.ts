import { Allow, validateSync, type ValidationError } from 'class-validator';
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

/** Whitelists `fields` on a DTO class without checking them (known fields the operation passes through). */
export function allowFields(dto: abstract new () => object, fields: readonly string[]): void {
  const declared = new Set(Object.getOwnPropertyNames(dto.prototype));
  for (const field of fields) if (!declared.has(field)) Allow()(dto.prototype, field);
}

/**
 * Checks a record with class-validator: whitelisted fields only (an unknown one is named), every
 * constraint of every field, nested lines by their index. Missing fields are listed together
 * ("Missing required field(s): a, b"); any other problem says what the value must be and what it got.
 */
export function checkRecord<T extends object>(record: unknown, build: DtoBuilder<T>, options: RecordCheckOptions = {}): RecordCheck<T> {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return { ok: false, message: 'The record is not a JSON object' };
  const prefixes = options.allowedPrefixes ?? [];
  const checked = Object.fromEntries(Object.entries(record).filter(([field]) => !prefixes.some((prefix) => field.startsWith(prefix))));
  const dto = build(checked);
  const errors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true, validationError: { target: false } });
  if (errors.length === 0) return { ok: true, dto };

  const missing: string[] = [];
  const problems: string[] = [];
  const visit = (error: ValidationError, parent: string): void => {
    const path = /^\d+$/.test(error.property) ? `${parent}[${error.property}]` : parent === '' ? error.property : `${parent}.${error.property}`;
    const constraints = error.constraints ?? {};
    if (REQUIRED in constraints) missing.push(options.requiredLabels?.[path.replace(/\[\d+\]/g, '[]')] ?? path);
    else if ('nestedValidation' in constraints) missing.push(`${path} (an object)`);
    else if ('whitelistValidation' in constraints) problems.push(`${path} is not a field CartRover knows here`);
    else {
      // A message with a capital letter is a whole sentence; others say what the value must be.
      const first = Object.values(constraints)[0];
      if (first !== undefined) problems.push(/^[A-Z]/.test(first) ? first : `${path} ${first} (got ${JSON.stringify(error.value)})`);
    }
    for (const child of error.children ?? []) visit(child, path);
  };
  for (const error of errors) visit(error, '');
  const message = missing.length > 0 ? [`Missing required field(s): ${missing.join(', ')}`, ...problems].join('; ') : problems.join('; ');
  return { ok: false, message };
}
