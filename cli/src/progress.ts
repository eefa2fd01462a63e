import { SingleBar } from 'cli-progress';
import type { CliIo } from './cli-io';

export interface Progress {
  tick(): void;
  stop(): void;
}

/** A record counter on stderr, only when stderr is a terminal (never in pipes or logs). */
export function startProgress(io: CliIo, label: string): Progress {
  if (!io.stderr.isTTY) return { tick: () => undefined, stop: () => undefined };
  const bar = new SingleBar({ format: `${label} {value} records`, stream: io.stderr as NodeJS.WritableStream, hideCursor: true, noTTYOutput: false }, undefined);
  let count = 0;
  bar.start(0, 0);
  return {
    tick: () => {
      count += 1;
      bar.update(count);
    },
    stop: () => bar.stop(),
  };
}
