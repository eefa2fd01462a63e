import { CARTROVER_APP } from '../app/cartrover-app-descriptor';
import type { FormDefinition } from './form-definition';
import { readConnectionFormFiles } from './manifest-form-files';
import type { UiLayout } from './ui-layout';

export const CARTROVER_APP_ID = CARTROVER_APP.id;

const files = readConnectionFormFiles(CARTROVER_APP_ID);

/**
 * The CartRover connection form: read from the two files the plugin manifest names.
 * (The layout is checked against the dialect's schema when the engine is built.)
 */
export const CARTROVER_FORM_DEFINITION: FormDefinition = {
  appId: CARTROVER_APP_ID,
  schema: files.schema,
  layout: files.layout as UiLayout,
};
