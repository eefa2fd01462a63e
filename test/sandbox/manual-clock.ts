import type { SandboxClock } from '../../sandbox/src';

/** A sandbox clock a test moves by hand, so time-dependent answers need no wall-clock sleep. */
export class ManualClock implements SandboxClock {
  constructor(private current = Date.parse('2026-03-02T10:00:00Z')) {}

  now(): number {
    return this.current;
  }

  advance(ms: number): void {
    this.current += ms;
  }
}
