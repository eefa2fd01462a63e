/** A case of a micro-benchmark: runs `ops` operations. */
export type BenchCase = (ops: number) => Promise<void>;

/**
 * Nanoseconds per operation of each case: warm-ups first, then rounds in which every case runs
 * once (in a rotating order, so machine noise hits all cases alike); the median round per case.
 */
export async function nsPerOp<K extends string>(cases: Record<K, BenchCase>, ops: number, rounds = 9, warmups = 2): Promise<Record<K, number>> {
  const names = Object.keys(cases) as K[];
  for (let warmup = 0; warmup < warmups; warmup++) for (const name of names) await cases[name](ops);
  const samples = new Map<K, number[]>(names.map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    for (let index = 0; index < names.length; index++) {
      const name = names[(index + round) % names.length];
      collectGarbage();
      const started = process.hrtime.bigint();
      await cases[name](ops);
      samples.get(name)!.push(Number(process.hrtime.bigint() - started) / ops);
    }
  }
  const medians = {} as Record<K, number>;
  for (const name of names) {
    const sorted = samples.get(name)!.sort((a, b) => a - b);
    medians[name] = sorted[Math.floor(sorted.length / 2)];
  }
  return medians;
}

/** Between rounds when node runs with --expose-gc, so one case's garbage is not billed to the next. */
function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** Loads an ESM-only package from CommonJS (TypeScript would turn `import()` into `require`). */
export function importEsm<T>(specifier: string): Promise<T> {
  return (new Function('s', 'return import(s)') as (s: string) => Promise<T>)(specifier);
}

export function formatNs(ns: number): string {
  return Math.abs(ns) >= 1000 ? `${(ns / 1000).toFixed(2)} µs` : `${ns.toFixed(0)} ns`;
}

/** Prints rows as aligned columns; the first row is the header. */
export function printTable(rows: readonly (readonly string[])[]): void {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((cells) => cells[column].length)));
  for (const cells of rows) console.log(cells.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd());
}
