/** The form engine: schema + UI layout (+ rules) + values + context → rendered form. */
export { CARTROVER_APP_ID, CARTROVER_FORM_DEFINITION } from './cartrover-form-definition';
export type { FormDefinition } from './form-definition';
export { FormEngine } from './form-engine';
export { FORM_EXTENSION } from './form-extension';
export type { DraftField, FormDraft, FormExtension } from './form-extension';
export { bindFormsFeature } from './forms-feature';
export { FORMS_TOKENS } from './forms-tokens';
export type { RuleEffect, UiControl, UiGroup, UiLayout, UiNote, UiRule } from './ui-layout';
