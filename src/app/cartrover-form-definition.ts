import type { FormDefinition } from '../forms/form-definition';
import type { UiLayout } from '../forms/ui-layout';
import { CARTROVER_APP } from './cartrover-app-descriptor';
import { readConnectionFormFiles } from './manifest-form-files';

const files = readConnectionFormFiles(CARTROVER_APP.id);

/**
 * The CartRover connection form: the two files the plugin manifest names, handed to the generic
 * form engine (src/forms, which knows nothing of CartRover). The layout is checked against the
 * dialect's schema when the engine is built.
 */
export const CARTROVER_FORM_DEFINITION: FormDefinition = {
  appId: CARTROVER_APP.id,
  schema: files.schema,
  layout: files.layout as UiLayout,
};
