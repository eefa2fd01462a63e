import schema from '../../schemas/cartrover-connection.schema.json';

type FieldId = keyof typeof schema.properties;

/**
 * A message from the connection schema's `x-messages`, so that the DTOs speak exactly like the form
 * (the schema is the single source of truth for both). Throws at load time on a missing message.
 */
export function schemaMessage(field: FieldId, check: string): string {
  const messages = schema.properties[field]['x-messages'] as Record<string, string | undefined>;
  const message = messages[check] ?? messages['*'];
  if (message === undefined) throw new Error(`cartrover-connection.schema.json: no x-messages "${check}" for "${field}"`);
  return message;
}

/** Limits the DTOs share with the schema (read from it, never restated). */
export const CONNECTION_LIMITS = {
  nameMaxLength: schema.properties.name.maxLength,
  apiUserMaxLength: schema.properties.apiUser.maxLength,
  apiUserPattern: new RegExp(schema.properties.apiUser.pattern, 'u'),
  apiKeyMaxLength: schema.properties.apiKey.maxLength,
  concurrencyMinimum: schema.properties.concurrencyLevel.minimum,
  concurrencyMaximum: schema.properties.concurrencyLevel.maximum,
} as const;
