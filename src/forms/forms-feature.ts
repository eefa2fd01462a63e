import type { ContainerModuleLoadOptions } from 'inversify';
import type { ConnectionFormContribution } from '../contracts';
import { CONNECTION_TOKENS } from '../connection/connection-tokens';
import { CARTROVER_FORM_DEFINITION } from './cartrover-form-definition';
import type { FormExtension } from './form-extension';
import { FORM_EXTENSION } from './form-extension';
import { FormEngine } from './form-engine';
import { FORMS_TOKENS } from './forms-tokens';

/**
 * Binds the CartRover connection form: a {@link FormEngine} built once (schema and rules compiled
 * at first resolution) with every {@link FormExtension} multi-bound under {@link FORM_EXTENSION}
 * (none is fine). The connection feature's test handler reaches the form through its own token.
 */
export function bindFormsFeature(options: ContainerModuleLoadOptions): void {
  const { bind } = options;
  bind<ConnectionFormContribution>(FORMS_TOKENS.CartRoverConnectionForm)
    .toDynamicValue((context) => {
      const extensions = context.getAll<FormExtension>(FORM_EXTENSION, { optional: true });
      return new FormEngine(CARTROVER_FORM_DEFINITION, extensions);
    })
    .inSingletonScope();
  bind<ConnectionFormContribution>(CONNECTION_TOKENS.ConnectionForm).toService(FORMS_TOKENS.CartRoverConnectionForm);
}
