/**
 * Milliseconds (µs precision) on the machine's monotonic clock: `process.hrtime` reads
 * `CLOCK_MONOTONIC` on Linux, which every process on the machine shares, so events stamped by
 * different processes can be merged without skew. The history checker's test checks it (each
 * worker's first event lies between the spawn and the exit the parent saw on the same clock).
 */
export function sharedClockMs(): number {
  return Number(process.hrtime.bigint() / 1000n) / 1000;
}
