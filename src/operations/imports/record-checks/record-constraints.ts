import { ValidateBy, type ValidationOptions } from './class-validator-parts';

/**
 * class-validator constraints for import records. Their names are what the message composer
 * groups by: {@link REQUIRED} failures are listed together as missing fields, the others say what
 * the value must be.
 */
export const REQUIRED = 'required';

const NUMERIC_TEXT = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)\s*$/;

/** Text with something in it, or a finite number (CartRover sends numbers as text and back). */
export function hasText(value: unknown): boolean {
  return (typeof value === 'string' && value.trim() !== '') || (typeof value === 'number' && Number.isFinite(value));
}

/** A money or quantity value as CartRover accepts it: a finite number or a numeric string ("8.0000"). */
export function decimalValueOf(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && NUMERIC_TEXT.test(value)) return Number(value);
  return undefined;
}

/** Blank counts as absent for the optional money fields: the charge checks look only at what is present. */
export function isBlank(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

/** Required: non-blank text or a number. */
export function Required(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy({ name: REQUIRED, validator: { validate: hasText, defaultMessage: () => 'is required' } }, options);
}

/** Required: an array with at least one element. */
export function RequiredNonEmptyArray(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    { name: REQUIRED, validator: { validate: (value) => Array.isArray(value) && value.length > 0, defaultMessage: () => 'needs at least one element' } },
    options,
  );
}

/** A number or numeric text; blank is allowed (absent). */
export function IsDecimalOrBlank(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    { name: 'decimal', validator: { validate: (value) => isBlank(value) || decimalValueOf(value) !== undefined, defaultMessage: () => 'must be a number' } },
    options,
  );
}

/** A number or numeric text greater than 0. */
export function IsPositiveDecimal(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'positiveDecimal',
      validator: { validate: (value) => (decimalValueOf(value) ?? 0) > 0, defaultMessage: () => 'must be a number greater than 0' },
    },
    options,
  );
}

/** Non-blank text (a number is not text here). */
export function IsNonBlankString(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    { name: 'nonBlankString', validator: { validate: (value) => typeof value === 'string' && value.trim() !== '', defaultMessage: () => 'must be a non-empty string' } },
    options,
  );
}

/** Non-blank text, or a non-empty array of such texts (several tracking numbers). */
export function IsNonBlankStringOrList(options?: ValidationOptions): PropertyDecorator {
  const text = (value: unknown): boolean => typeof value === 'string' && value.trim() !== '';
  return ValidateBy(
    {
      name: 'nonBlankStringOrList',
      validator: {
        validate: (value) => text(value) || (Array.isArray(value) && value.length > 0 && value.every(text)),
        defaultMessage: () => 'must be a non-empty string or an array of them',
      },
    },
    options,
  );
}

/** A non-empty array (of objects: their DTO checks them). */
export function IsNonEmptyArray(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    { name: 'nonEmptyArray', validator: { validate: (value) => Array.isArray(value) && value.length > 0, defaultMessage: () => 'must be a non-empty array of objects' } },
    options,
  );
}

/** Refuses this field together with `other` (which one would win is not obvious). The message is a whole sentence. */
export function NotTogetherWith(other: string, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'notTogether',
      constraints: [other],
      validator: {
        validate: (_value, args) => (args?.object as Record<string, unknown>)[other] === undefined,
        defaultMessage: (args) => `Give ${args?.property ?? 'one field'} or ${other}, not both`,
      },
    },
    options,
  );
}
