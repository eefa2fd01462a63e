import { runCliCaptured } from './support/cli-harness';

/** Issue 24 point 10: every command's --help gives its exit codes and an example to copy. */
describe('the CLI help texts', () => {
  const commands = ['serve', 'rotate-master-key', 'rotate-token', 'sandbox', 'test', 'export', 'import'];

  it.each(commands)('%s --help lists its exit codes and one example of the command', async (command) => {
    const result = await runCliCaptured([command, '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/\nExit codes:\n {2}0 {2}\S.*\n(?: {2}\d {2}.+\n)+/);
    expect(result.stdout).toContain(' 2  bad usage or configuration');
    expect(result.stdout).toMatch(new RegExp(`\\nExample:\\n {2}(?:CARTROVER_API_KEY=\\S+ )?npx cartrover-connector ${command}\\b`));
  });

  it('test and import say what exit 1 means for them', async () => {
    expect((await runCliCaptured(['test', '--help'])).stdout).toContain('1  the test failed');
    expect((await runCliCaptured(['import', '--help'])).stdout).toContain('1  some records failed');
  });

  it('the top-level --help sums up the exit codes', async () => {
    const result = await runCliCaptured(['--help']);
    expect(result.stdout).toContain('Exit codes: 0 ok, 1 a failed test or failed records, 2 usage or configuration error, 3 runtime failure.');
  });
});
