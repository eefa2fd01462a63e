/** Turns a LatencySetting into the delay of one request. */
import type { LatencySetting } from './public-types';

export function sampleLatency(latency: LatencySetting): number {
  if (typeof latency === 'number') return latency;
  return latency.minMs + Math.random() * (latency.maxMs - latency.minMs);
}
