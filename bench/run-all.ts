/**
 * `npm run bench`: runs every benchmark module in this folder (each exports `run()`), one after
 * the other so they do not disturb each other. Each prints ratios against baselines measured in
 * the same run; the machine is noisy, so absolute times are for orientation only.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';

interface BenchModule {
  run(): Promise<void>;
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const files = readdirSync(__dirname)
    .filter((file) => file.endsWith('.bench.js'))
    .filter((file) => only.length === 0 || only.some((name) => file.includes(name)))
    .sort();
  for (const file of files) {
    console.log(`\n=== ${file.replace(/\.bench\.js$/, '')} ===`);
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- benchmarks are found at run time
    const bench = require(path.join(__dirname, file)) as BenchModule;
    await bench.run();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1); // a failed benchmark may leave workers or clients open: end here
});
