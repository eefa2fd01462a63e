/** A JSON Schema document (draft 2020-12), kept as plain data. */
export type JsonSchema = { readonly [keyword: string]: unknown };
