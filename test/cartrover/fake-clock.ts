import type { Clock } from '../../src/contracts';

/** A clock whose sleeps complete at once by moving time forward; records every sleep. */
export class FakeClock implements Clock {
  readonly sleeps: number[] = [];

  constructor(private current = 1_000_000) {}

  now(): number {
    return this.current;
  }

  advance(ms: number): void {
    this.current += ms;
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw signal.reason;
    this.sleeps.push(ms);
    this.current += ms;
    await Promise.resolve();
  }
}
