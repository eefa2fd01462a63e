import type { ContainerModuleLoadOptions } from 'inversify';
import { TOKENS } from '../contracts';
import { CartRoverApp } from './cartrover-app';

/** Contributes the app: bound to itself, then multi-bound to the contribution point with `toService`. */
export function bindCartRoverApp({ bind }: ContainerModuleLoadOptions): void {
  bind(CartRoverApp).toSelf().inSingletonScope();
  bind(TOKENS.AppContribution).toService(CartRoverApp);
}
