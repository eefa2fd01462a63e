/* eslint-disable @typescript-eslint/no-require-imports -- class-validator's own modules, typed by its public index */
import type * as ClassValidator from 'class-validator';

/**
 * The parts of class-validator the import records use, loaded from its own modules rather than
 * its index: the index also loads validator.js and libphonenumber-js (~190 modules, ~3.4 MB of
 * heap for the life of the process) for the ready-made decorators, none of which is used here.
 * The decorators register in class-validator's one global metadata storage either way.
 */
export const ValidateBy: typeof ClassValidator.ValidateBy = (require('class-validator/cjs/decorator/common/ValidateBy') as typeof ClassValidator).ValidateBy;
export const ValidateIf: typeof ClassValidator.ValidateIf = (require('class-validator/cjs/decorator/common/ValidateIf') as typeof ClassValidator).ValidateIf;
export const ValidateNested: typeof ClassValidator.ValidateNested = (require('class-validator/cjs/decorator/common/ValidateNested') as typeof ClassValidator).ValidateNested;
export const IsOptional: typeof ClassValidator.IsOptional = (require('class-validator/cjs/decorator/common/IsOptional') as typeof ClassValidator).IsOptional;
export const Validator: typeof ClassValidator.Validator = (require('class-validator/cjs/validation/Validator') as typeof ClassValidator).Validator;

export type { ValidationError, ValidationOptions, ValidatorOptions } from 'class-validator';
