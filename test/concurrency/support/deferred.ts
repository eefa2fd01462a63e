/** A promise settled from outside: lets a test decide when a permit holder finishes. */
export interface Deferred<T> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

export function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets queued microtasks and timers of 0 ms run (grants arrive a microtask after dispatch). */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
