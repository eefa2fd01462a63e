/**
 * The counters tests read: requests per route, requests in flight (per user, per group, total)
 * with their maxima, RateLimit answers, and create-order attempts/successes by cust_ref.
 */
import type { SandboxCounters } from './public-types';

export const ANONYMOUS = '(anonymous)';

function bump(record: Record<string, number>, key: string, by = 1): void {
  record[key] = (record[key] ?? 0) + by;
}

export class CounterBook {
  private requests: Record<string, number> = {};
  private readonly inFlight: Record<string, number> = {};
  private maxInFlight: Record<string, number> = {};
  private inFlightTotal = 0;
  private maxInFlightTotal = 0;
  private readonly groups = new Map<string, ReadonlySet<string>>();
  private groupMaxInFlight: Record<string, number> = {};
  private rateLimited = 0;
  private createAttempts: Record<string, number> = {};
  private ordersCreated: Record<string, number> = {};

  recordRequest(routeKey: string): void {
    bump(this.requests, routeKey);
  }

  recordRateLimited(): void {
    this.rateLimited += 1;
  }

  recordCreateAttempt(custRef: string): void {
    bump(this.createAttempts, custRef);
  }

  recordOrderCreated(custRef: string): void {
    bump(this.ordersCreated, custRef);
  }

  /** Counts a request as in flight; the returned release is safe to call any number of times. */
  enter(apiUser: string): () => void {
    bump(this.inFlight, apiUser);
    this.inFlightTotal += 1;
    this.maxInFlight[apiUser] = Math.max(this.maxInFlight[apiUser] ?? 0, this.inFlight[apiUser]);
    this.maxInFlightTotal = Math.max(this.maxInFlightTotal, this.inFlightTotal);
    for (const [name, members] of this.groups) {
      if (members.has(apiUser)) this.groupMaxInFlight[name] = Math.max(this.groupMaxInFlight[name] ?? 0, this.groupInFlight(members));
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      bump(this.inFlight, apiUser, -1);
      this.inFlightTotal -= 1;
    };
  }

  defineGroup(name: string, apiUsers: readonly string[]): void {
    if (typeof name !== 'string' || name === '') throw new Error('CartRover sandbox: a group needs a name');
    const members = new Set(apiUsers);
    this.groups.set(name, members);
    this.groupMaxInFlight[name] = this.groupInFlight(members);
  }

  /** Maxima restart from what is in flight now, so a reset during a run stays truthful. */
  reset(): void {
    this.requests = {};
    this.maxInFlight = { ...this.inFlight };
    this.maxInFlightTotal = this.inFlightTotal;
    this.groupMaxInFlight = {};
    for (const [name, members] of this.groups) this.groupMaxInFlight[name] = this.groupInFlight(members);
    this.rateLimited = 0;
    this.createAttempts = {};
    this.ordersCreated = {};
  }

  snapshot(): SandboxCounters {
    return {
      requests: { ...this.requests },
      inFlight: { ...this.inFlight },
      maxInFlight: { ...this.maxInFlight },
      maxInFlightTotal: this.maxInFlightTotal,
      groupMaxInFlight: { ...this.groupMaxInFlight },
      rateLimited: this.rateLimited,
      createAttempts: { ...this.createAttempts },
      ordersCreated: { ...this.ordersCreated },
    };
  }

  private groupInFlight(members: ReadonlySet<string>): number {
    let total = 0;
    for (const member of members) total += this.inFlight[member] ?? 0;
    return total;
  }
}
