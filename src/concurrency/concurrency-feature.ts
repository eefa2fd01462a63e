import type { ContainerModuleLoadOptions } from 'inversify';
import { TOKENS, type PoolRegistry } from '../contracts';
import { InProcessPoolRegistry } from './in-process-pool-registry';

/** The level of a connection whose level is blank (DESIGN.md section 4). */
export const DEFAULT_CONCURRENCY_LEVEL = 5;

/**
 * Binds the in-process pool registry, unless the host brought its own (for example one shared
 * across processes through Redis): a plugin binds a host service only where `isBound` says none.
 */
export function bindConcurrencyFeature({ bind, isBound }: ContainerModuleLoadOptions): void {
  if (isBound(TOKENS.PoolRegistry)) return;
  bind<PoolRegistry>(TOKENS.PoolRegistry)
    .toDynamicValue(() => new InProcessPoolRegistry())
    .inSingletonScope();
}
