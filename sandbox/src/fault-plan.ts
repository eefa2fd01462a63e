/**
 * Injected faults: each spec matches requests by route key and stage (before or after the handler)
 * and fires with probability `rate`, at most `count` times, first injected first.
 */
import type { FaultKind, FaultSpec } from './public-types';

const FAULT_KINDS: readonly FaultKind[] = ['http500', 'http503', 'html502', 'reset', 'timeout', 'rate_limit'];

export interface ActiveFault {
  kind: FaultKind;
  endpoint: string | undefined;
  afterHandling: boolean;
  rate: number;
  hangMs: number;
  /** undefined = unlimited. */
  remaining: number | undefined;
}

function fail(message: string): never {
  throw new Error(`CartRover sandbox: invalid fault: ${message}`);
}

export class FaultPlan {
  private faults: ActiveFault[] = [];

  constructor(private readonly knownEndpoints: ReadonlySet<string>) {}

  inject(spec: FaultSpec): void {
    if (typeof spec !== 'object' || spec === null) fail('a FaultSpec object is required');
    if (!FAULT_KINDS.includes(spec.kind)) fail(`unknown kind ${JSON.stringify(spec.kind)} (use one of ${FAULT_KINDS.join(', ')})`);
    if (spec.count !== undefined && !(Number.isInteger(spec.count) && spec.count >= 1)) fail(`count must be an integer >= 1 (got ${JSON.stringify(spec.count)})`);
    const rate = spec.rate ?? 1;
    if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1)) fail(`rate must be between 0 and 1 (got ${JSON.stringify(spec.rate)})`);
    // A typo in an endpoint would silently never fire: reject it.
    if (spec.endpoint !== undefined && !this.knownEndpoints.has(spec.endpoint)) {
      fail(`unknown endpoint ${JSON.stringify(spec.endpoint)} (use a route key such as 'GET /v1/merchant/inventory')`);
    }
    const hangMs = spec.hangMs ?? 60000;
    if (typeof hangMs !== 'number' || !Number.isFinite(hangMs) || hangMs < 0) fail(`hangMs must be a non-negative number (got ${JSON.stringify(spec.hangMs)})`);
    this.faults.push({ kind: spec.kind, endpoint: spec.endpoint, afterHandling: spec.afterHandling === true, rate, hangMs, remaining: spec.count });
  }

  clear(): void {
    this.faults = [];
  }

  /** The fault that fires for this request at this stage, if any (and uses up one of its count). */
  take(routeKey: string, stage: 'before' | 'after'): ActiveFault | undefined {
    for (const fault of this.faults) {
      if (fault.afterHandling !== (stage === 'after')) continue;
      if (fault.endpoint !== undefined && fault.endpoint !== routeKey) continue;
      if (!(Math.random() < fault.rate)) continue;
      if (fault.remaining !== undefined) {
        fault.remaining -= 1;
        if (fault.remaining === 0) this.faults = this.faults.filter((f) => f !== fault);
      }
      return fault;
    }
    return undefined;
  }
}
