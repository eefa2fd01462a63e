import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../support/temp-plugin';

/** The README's "how a host loads the plugin" block must work exactly as written. */
describe('README example: a host loads the plugin', () => {
  it('runs and prints the CartRover app, its form fields and its operations', () => {
    const readme = readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
    const block = /<!-- example: load-plugin -->\s*```js\n([\s\S]*?)```/.exec(readme);
    expect(block).not.toBeNull();
    const output = execFileSync(process.execPath, ['-e', block![1]!], { cwd: PROJECT_ROOT, encoding: 'utf8' });
    const [appLine, fieldsLine, operationsLine] = output.trim().split('\n');
    expect(appLine).toBe("CartRover [ 'source', 'destination' ]");
    expect(fieldsLine).toBe('name, apiUser, apiKey, borrowConcurrencyFrom, concurrencyPool, concurrencyLevel');
    expect(operationsLine).toBe('source:orders, source:inventory, source:products, destination:orders.create, destination:orders.update, destination:orders.cancel');
  });
});
