import {
  IsDefined,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';
import type { ConnectionValues } from '../contracts';
import { CONNECTION_LIMITS as LIMITS, schemaMessage as message } from './connection-schema-messages';

/**
 * Connection values as class-validator DTOs, for code paths that take values without a form (the
 * REST API, imports). They validate NORMALISED values (trimmed, blank → null/absent, "7" → 7: what
 * the form engine produces), agree with cartrover-connection.schema.json (a test runs one table
 * through both) and take their limits and messages from it.
 * Context rules (unique name, stored key kept on update, lender candidates) are the form's.
 */
abstract class ConnectionDtoBase {
  @IsDefined({ message: message('name', 'required') })
  @IsString({ message: message('name', 'type') })
  @MinLength(1, { message: message('name', 'minLength') })
  @MaxLength(LIMITS.nameMaxLength, { message: message('name', 'maxLength') })
  name!: string;

  @IsDefined({ message: message('apiUser', 'required') })
  @IsString({ message: message('apiUser', 'type') })
  @MinLength(1, { message: message('apiUser', 'minLength') })
  @MaxLength(LIMITS.apiUserMaxLength, { message: message('apiUser', 'maxLength') })
  @Matches(LIMITS.apiUserPattern, { message: message('apiUser', 'pattern') })
  apiUser!: string;

  /** Null (or absent): the connection has its own pool. */
  @IsOptional()
  @IsString({ message: message('borrowConcurrencyFrom', 'type') })
  @MinLength(1, { message: message('borrowConcurrencyFrom', 'minLength') })
  borrowConcurrencyFrom?: string | null;

  /** Null (or absent): the default level 5. */
  @IsOptional()
  @IsInt({ message: message('concurrencyLevel', 'type') })
  @Min(LIMITS.concurrencyMinimum, { message: message('concurrencyLevel', 'minimum') })
  @Max(LIMITS.concurrencyMaximum, { message: message('concurrencyLevel', 'maximum') })
  concurrencyLevel?: number | null;
}

export class CreateConnectionDto extends ConnectionDtoBase {
  @IsDefined({ message: message('apiKey', 'required') })
  @IsString({ message: message('apiKey', 'type') })
  @MinLength(1, { message: message('apiKey', 'minLength') })
  @MaxLength(LIMITS.apiKeyMaxLength, { message: message('apiKey', 'maxLength') })
  apiKey!: string;
}

/** On update the key may be omitted or the mask: the stored one is kept (see resolveSubmittedSecret). */
export class UpdateConnectionDto extends ConnectionDtoBase {
  @IsOptional()
  @IsString({ message: message('apiKey', 'type') })
  @MinLength(1, { message: message('apiKey', 'minLength') })
  @MaxLength(LIMITS.apiKeyMaxLength, { message: message('apiKey', 'maxLength') })
  apiKey?: string;
}

export type ConnectionDtoMode = 'create' | 'update';

/** Which failure speaks first when a field breaks several constraints. */
const CONSTRAINT_PRIORITY = ['whitelistValidation', 'isDefined', 'isString', 'isInt', 'minLength', 'maxLength', 'matches', 'min', 'max'];

/** Validates normalised values with the DTO of `mode`: one message per failing field, or none. */
export function validateConnectionDto(values: ConnectionValues, mode: ConnectionDtoMode): Record<string, string> {
  const dto = Object.assign(mode === 'create' ? new CreateConnectionDto() : new UpdateConnectionDto(), values);
  const errors: Record<string, string> = {};
  for (const error of validateSync(dto, { forbidUnknownValues: true, whitelist: true, forbidNonWhitelisted: true })) {
    const constraints = error.constraints ?? {};
    const first = CONSTRAINT_PRIORITY.find((name) => constraints[name] !== undefined) ?? Object.keys(constraints)[0];
    if (first !== undefined) errors[error.property] = constraints[first] ?? '';
  }
  return errors;
}
