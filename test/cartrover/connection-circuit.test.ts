import { getEventListeners } from 'node:events';
import { CIRCUIT_OPEN_CODE, CartRoverError, ConnectionCircuit } from '../../src/cartrover';

const timeout = (): CartRoverError => new CartRoverError({ kind: 'timeout', message: 'no answer', latencyMs: 0 });
const serverError = (): CartRoverError => new CartRoverError({ kind: 'server', message: 'HTTP 500', httpStatus: 500 });

/** An attempt that goes "on the wire" through the circuit and ends as `outcome` says. */
function attempt(circuit: ConnectionCircuit, outcome: () => Promise<string>): Promise<string> {
  return circuit.run(() => circuit.onWire(outcome));
}

async function rejectionOf(promise: Promise<unknown>): Promise<CartRoverError> {
  try {
    await promise;
  } catch (error) {
    return error as CartRoverError;
  }
  throw new Error('expected a rejection');
}

describe('ConnectionCircuit (cockatiel) with the pool-round rule', () => {
  it('opens after 3 unanswered requests in a row, then refuses without sending', async () => {
    const circuit = new ConnectionCircuit({ failures: 3, halfOpenAfterMs: 60_000 });
    for (let n = 0; n < 3; n += 1) expect((await rejectionOf(attempt(circuit, async () => Promise.reject(timeout())))).kind).toBe('timeout');
    expect(circuit.state).toBe('open');
    let sent = false;
    const refused = await rejectionOf(attempt(circuit, async () => {
      sent = true;
      return 'sent';
    }));
    expect(sent).toBe(false);
    expect(refused).toEqual(expect.objectContaining({ kind: 'network', networkCode: CIRCUIT_OPEN_CODE }));
    expect(refused.message).toMatch(/circuit open/);
  });

  it('an answer, even an error status, breaks the streak', async () => {
    const circuit = new ConnectionCircuit({ failures: 3, halfOpenAfterMs: 60_000 });
    for (const outcome of [timeout, timeout, serverError, timeout, timeout]) await rejectionOf(attempt(circuit, async () => Promise.reject(outcome())));
    expect(circuit.state).toBe('closed');
  });

  it('a burst of failures among more requests on the wire does not open it; a whole round does', async () => {
    const circuit = new ConnectionCircuit({ failures: 3, halfOpenAfterMs: 60_000 });
    const gates: (() => void)[] = [];
    const held = Array.from({ length: 8 }, (_, index) =>
      rejectionOf(attempt(circuit, () => new Promise<string>((_resolve, reject) => gates.push(() => reject(timeout()))))).then((error) => ({ index, error })),
    );
    // 3 of the 8 on the wire fail: not a whole round.
    for (const release of gates.slice(0, 3)) release();
    await new Promise((resolve) => setImmediate(resolve));
    expect(circuit.state).toBe('closed');
    // The other 5 fail too: every request on the wire went unanswered.
    for (const release of gates.slice(3)) release();
    await Promise.all(held);
    expect(circuit.state).toBe('open');
  });

  it('cuts the requests still waiting when it opens, and a probe after the half-open delay closes it', async () => {
    const circuit = new ConnectionCircuit({ failures: 1, halfOpenAfterMs: 50 });
    const waiting = rejectionOf(circuit.run((signal) => new Promise<string>((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))))));
    await rejectionOf(attempt(circuit, async () => Promise.reject(timeout())));
    const cut = await waiting;
    expect(cut.kind).toBe('timeout');
    expect(cut.message).toMatch(/stopped while it waited/);
    await new Promise((resolve) => setTimeout(resolve, 80));
    await expect(attempt(circuit, async () => 'answered')).resolves.toBe('answered');
    expect(circuit.state).toBe('closed');
  });
  it('attempts in flight with one caller signal share one attempt signal: one listener on the caller signal, gone after the last', async () => {
    const circuit = new ConnectionCircuit({ failures: 3, halfOpenAfterMs: 60_000 });
    const caller = new AbortController();
    const seen: AbortSignal[] = [];
    const answers: (() => void)[] = [];
    const runs = Array.from({ length: 50 }, () =>
      circuit.run((signal) => {
        seen.push(signal);
        return new Promise<string>((resolve) => answers.push(() => resolve('ok')));
      }, caller.signal),
    );
    while (seen.length < 50) await new Promise((resolve) => setImmediate(resolve));
    expect(new Set(seen).size).toBe(1);
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(1);
    answers.forEach((answer) => answer());
    expect(await Promise.all(runs)).toEqual(Array.from({ length: 50 }, () => 'ok'));
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(0);

    // The caller's abort still reaches the attempts running with it.
    const waiting = circuit.run((signal) => new Promise<string>((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')))), caller.signal);
    await new Promise((resolve) => setImmediate(resolve));
    caller.abort();
    await expect(waiting).rejects.toThrow('aborted');
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(0);
  });
});
