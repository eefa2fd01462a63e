import type { ContainerModuleLoadOptions } from 'inversify';
import { FORM_EXTENSION } from '../../src/forms/form-extension';
import { BorrowFormExtension } from './borrow-form-extension';
import { BORROWED_CONCURRENCY_TOKENS } from './borrow-tokens';
import { BorrowedConcurrencyLifecycle } from './borrowed-concurrency-lifecycle';

/**
 * The borrowed-concurrency adapter: the lifecycle that binds connections to their root lender's
 * pool, and the form extension that shapes the connection form. Needs `TOKENS.PoolRegistry`
 * (the host's, or the one `bindConcurrencyFeature` binds).
 */
export function bindBorrowedConcurrency({ bind }: ContainerModuleLoadOptions): void {
  bind(BORROWED_CONCURRENCY_TOKENS.Lifecycle).to(BorrowedConcurrencyLifecycle).inSingletonScope();
  bind(BorrowFormExtension).toSelf().inSingletonScope();
  // A contribution: multi-bound next to other plugins' extensions, never `rebind` (that drops theirs).
  bind(FORM_EXTENSION).toService(BorrowFormExtension);
}

export { BORROWED_CONCURRENCY_TOKENS } from './borrow-tokens';
export { BorrowedConcurrencyLifecycle } from './borrowed-concurrency-lifecycle';
export { BorrowFormExtension } from './borrow-form-extension';
export { resolveRootLender, wouldCloseCycle, cycleClosedBy, describeBorrowPath, type BorrowResolution } from './borrow-graph';
