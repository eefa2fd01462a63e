import type { JsonSchema } from '../contracts';
import type { UiLayout } from './ui-layout';

/** A connection form as data: the values schema (single source of truth) and its UI layout. */
export interface FormDefinition {
  readonly appId: string;
  /** JSON Schema draft 2020-12 of the values; secrets are `writeOnly: true`. */
  readonly schema: JsonSchema;
  /** Groups, labels, help, widgets, order and rules (dialect: schemas/README.md). */
  readonly layout: UiLayout;
}
