import { CARTROVER_FORM_DEFINITION } from '../../src/app/cartrover-form-definition';
import { FormEngine } from '../../src/forms/form-engine';
import { storedConnection } from './connection-fixtures';
import { BorrowFormExtension } from '../../adapters/borrowed-concurrency/borrow-form-extension';

/** Median of a few runs, to keep one GC pause from deciding the verdict. */
function medianMs(runs: number, work: () => void): number {
  const times: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    const start = process.hrtime.bigint();
    work();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

describe('compile once, render cheaply', () => {
  it('renders 1000 times in less time than 1000 compiles would take by far', () => {
    const connections = Array.from({ length: 50 }, (_, index) => storedConnection(`c${index}`, { borrowConcurrencyFrom: index > 0 ? `c${index - 1}` : null }));
    const values = { name: 'New', apiUser: 'demo-merchant', apiKey: 'k', borrowConcurrencyFrom: 'c10', concurrencyLevel: '7' };
    new FormEngine(CARTROVER_FORM_DEFINITION).render(values, { connections }); // warm up the JIT
    const compile = medianMs(5, () => new FormEngine(CARTROVER_FORM_DEFINITION, [new BorrowFormExtension()]));
    const engine = new FormEngine(CARTROVER_FORM_DEFINITION, [new BorrowFormExtension()]);
    const render = medianMs(3, () => {
      for (let index = 0; index < 1000; index += 1) engine.render(values, { connections });
    });
    // One render must cost well under a fiftieth of a compile (measured: about 1/350, with 50 connections).
    expect(render / 1000).toBeLessThan(compile / 50);
  });
});
