/**
 * Runs `close` once on the first SIGINT or SIGTERM and resolves when it is done; a second signal
 * while closing exits at once (the user insists).
 */
export function untilSignal(close: () => Promise<void>): Promise<NodeJS.Signals> {
  return new Promise((resolve, reject) => {
    let closing = false;
    const onSignal = (signal: NodeJS.Signals): void => {
      if (closing) process.exit(130);
      closing = true;
      close().then(() => {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        resolve(signal);
      }, reject);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
