import { getEventListeners } from 'node:events';
import { AttemptAborts } from '../../src/cartrover/attempt-aborts';

describe('AttemptAborts (the abort side of each wire attempt)', () => {
  it("fires on the attempt's own timeout and says so", async () => {
    const aborts = new AttemptAborts();
    const attempt = aborts.open(undefined, 5);
    await new Promise<void>((resolve) => attempt.signal.addEventListener('abort', () => resolve(), { once: true }));
    expect(attempt.timedOut).toBe(true);
    attempt.close();
  });

  it("fires when the caller's signal aborts, for every attempt in flight, and not as a timeout", () => {
    const aborts = new AttemptAborts();
    const caller = new AbortController();
    const first = aborts.open(caller.signal, 60_000);
    const second = aborts.open(caller.signal, 60_000);
    caller.abort();
    expect([first.signal.aborted, second.signal.aborted]).toEqual([true, true]);
    expect([first.timedOut, second.timedOut]).toEqual([false, false]);
    first.close();
    second.close();
    // A caller that aborted before the attempt started stops it at once.
    const late = aborts.open(caller.signal, 60_000);
    expect(late.signal.aborted).toBe(true);
    late.close();
  });

  it("puts one listener on the caller's signal however many attempts use it", () => {
    const aborts = new AttemptAborts();
    const caller = new AbortController();
    const attempts = Array.from({ length: 50 }, () => aborts.open(caller.signal, 60_000));
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(1);
    for (const attempt of attempts) attempt.close();
    // None left on it once the last attempt ended (Node keeps a composite signal alive while it has listeners).
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(0);
    // Closed attempts no longer follow the caller: aborting it now stops nothing that is reused.
    const next = aborts.open(caller.signal, 60_000);
    next.close();
    caller.abort();
    const after = aborts.open(undefined, 60_000);
    expect(after.signal.aborted).toBe(false);
    after.close();
  });

  it('leaves no listener on a composite caller signal (AbortSignal.any) once its attempts ended', () => {
    const aborts = new AttemptAborts();
    const composite = AbortSignal.any([new AbortController().signal]);
    aborts.open(composite, 60_000).close();
    expect(getEventListeners(composite, 'abort')).toHaveLength(0);
    // And a new attempt on it still follows it.
    const again = aborts.open(composite, 60_000);
    expect(getEventListeners(composite, 'abort')).toHaveLength(1);
    again.close();
  });

  it('reuses a signal that never fired and that nobody listens to, and never one that fired or still has a listener', () => {
    const aborts = new AttemptAborts();
    const first = aborts.open(undefined, 60_000);
    const used = first.signal;
    first.close();
    const second = aborts.open(undefined, 60_000);
    expect(second.signal).toBe(used);
    expect(second.signal.aborted).toBe(false);

    // A listener left behind (a client that did not remove its own): not reused.
    second.signal.addEventListener('abort', () => undefined);
    second.close();
    const third = aborts.open(undefined, 60_000);
    expect(third.signal).not.toBe(used);

    // One that fired: not reused.
    const fired = third.signal;
    const caller = new AbortController();
    third.close();
    const fourth = aborts.open(caller.signal, 60_000);
    expect(fourth.signal).toBe(fired);
    caller.abort();
    fourth.close();
    const fifth = aborts.open(undefined, 60_000);
    expect(fifth.signal).not.toBe(fired);
    expect(fifth.signal.aborted).toBe(false);
    fifth.close();
  });
});
