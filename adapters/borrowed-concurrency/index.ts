import type { ContainerModuleLoadOptions } from 'inversify';
import { LENDER_RESOLUTION } from '../../src/concurrency/lender-resolution';
import { FORM_EXTENSION } from '../../src/forms/form-extension';
import { BorrowFormExtension } from './borrow-form-extension';
import { BorrowLenderResolution } from './borrow-lender-resolution';

/**
 * The borrowed-concurrency adapter: contributes lender resolution to the core's pools and its
 * behaviour to the connection form, both through contribution points (multi-bound next to other
 * plugins' contributions, never `rebind`, which would drop theirs). Only the entry imports it;
 * without it every connection has its own pool.
 */
export function bindBorrowedConcurrency({ bind }: ContainerModuleLoadOptions): void {
  bind(BorrowLenderResolution).toSelf().inSingletonScope();
  bind(LENDER_RESOLUTION).toService(BorrowLenderResolution);
  bind(BorrowFormExtension).toSelf().inSingletonScope();
  bind(FORM_EXTENSION).toService(BorrowFormExtension);
}

export { BorrowLenderResolution } from './borrow-lender-resolution';
export { BorrowFormExtension } from './borrow-form-extension';
export type { BorrowResolution } from './borrow-graph';
