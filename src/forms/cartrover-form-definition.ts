import { CARTROVER_APP } from '../app/cartrover-app-descriptor';
import type { JsonSchema } from '../contracts';
import schema from '../../schemas/cartrover-connection.schema.json';
import layout from '../../schemas/cartrover-connection.ui.json';
import type { FormDefinition } from './form-definition';
import type { UiLayout } from './ui-layout';

export const CARTROVER_APP_ID = CARTROVER_APP.id;

/**
 * The CartRover connection form: the same two files the plugin manifest points at.
 * (The layout is checked against the dialect's schema when the engine is built.)
 */
export const CARTROVER_FORM_DEFINITION: FormDefinition = {
  appId: CARTROVER_APP_ID,
  schema: schema as JsonSchema,
  layout: layout as unknown as UiLayout,
};
