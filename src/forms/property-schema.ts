/** The parts of a values-schema property the engine reads (the rest is ajv's business). */
export interface PropertySchema {
  readonly type?: string | readonly string[];
  readonly title?: string;
  readonly writeOnly?: boolean;
  readonly enum?: readonly unknown[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly 'x-messages'?: Readonly<Record<string, string>>;
  readonly 'x-secret-bound-to'?: string;
}

export function typesOf(property: PropertySchema): readonly string[] {
  if (property.type === undefined) return [];
  return typeof property.type === 'string' ? [property.type] : property.type;
}
