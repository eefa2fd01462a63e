import type { ContainerModuleLoadOptions } from 'inversify';
import type { ConnectionFormContribution } from '../contracts';
import { CONNECTION_TOKENS } from '../connection/connection-tokens';
import type { FormExtension } from '../forms/form-extension';
import { FORM_EXTENSION } from '../forms/form-extension';
import { FormEngine } from '../forms/form-engine';
import { CARTROVER_FORM_DEFINITION } from './cartrover-form-definition';

/**
 * Binds the CartRover connection form under its one token (`CONNECTION_TOKENS.ConnectionForm`, the
 * one the test handler and the app read): the generic {@link FormEngine} built once with the
 * CartRover definition and every {@link FormExtension} multi-bound under {@link FORM_EXTENSION}
 * (none is fine).
 */
export function bindCartRoverForm({ bind }: ContainerModuleLoadOptions): void {
  bind<ConnectionFormContribution>(CONNECTION_TOKENS.ConnectionForm)
    .toDynamicValue((context) => new FormEngine(CARTROVER_FORM_DEFINITION, context.getAll<FormExtension>(FORM_EXTENSION, { optional: true })))
    .inSingletonScope();
}
