/** The parts of a values-schema property the engine reads (the rest is ajv's business). */
export interface PropertySchema {
  readonly type?: string | readonly string[];
  readonly title?: string;
  readonly writeOnly?: boolean;
  readonly enum?: readonly unknown[];
  readonly minimum?: number;
  readonly maximum?: number;
  /** The value a blank field stands for (e.g. the default concurrency level); annotation only, never filled in. */
  readonly default?: unknown;
  readonly 'x-messages'?: Readonly<Record<string, string>>;
  readonly 'x-secret-bound-to'?: string;
}

export function typesOf(property: PropertySchema): readonly string[] {
  if (property.type === undefined) return [];
  return typeof property.type === 'string' ? [property.type] : property.type;
}
