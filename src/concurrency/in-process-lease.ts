import type { PoolLease } from '../contracts';

/** Where a lease returns its permit: always the pool that granted it, whatever the bindings now. */
export interface PermitReturn {
  readonly id: string;
  returnPermit(): void;
}

/** A permit of an in-process pool; its `release` is the one guard that returns a permit once. */
export class InProcessLease implements PoolLease {
  private isReleased = false;

  constructor(
    private readonly grantingPool: PermitReturn,
    readonly connectionId: string,
  ) {}

  get poolId(): string {
    return this.grantingPool.id;
  }

  /** True once released; lets the reentrancy check ignore permits given back early. */
  get released(): boolean {
    return this.isReleased;
  }

  release(coolDownMs = 0): void {
    if (this.isReleased) return;
    this.isReleased = true;
    if (coolDownMs > 0) setTimeout(() => this.grantingPool.returnPermit(), coolDownMs).unref();
    else this.grantingPool.returnPermit();
  }
}
