import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { FAKE_MANIFEST, tempDataDir } from '../host/support/host-harness';
import { runCliCaptured } from './support/cli-harness';

const FAKE = ['--app', 'fake', '--plugin', FAKE_MANIFEST];

describe('CLI with a plugin loaded through its manifest (fake plugin)', () => {
  const data = tempDataDir('cli-fake-');
  afterAll(() => data.remove());

  it('test: 0 when the test passes, 1 when it fails, 2 for usage errors', async () => {
    const ok = await runCliCaptured(['test', '--api-user', 'u', ...FAKE], { CARTROVER_API_KEY: 'good-cli-key' });
    expect(ok).toEqual(expect.objectContaining({ code: 0, stdout: expect.stringContaining('OK: Connected as u') }));
    const refused = await runCliCaptured(['test', '--api-user', 'u', ...FAKE], { CARTROVER_API_KEY: 'bad-cli-key' });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('FAILED (auth)');
    expect(refused.stdout + refused.stderr).not.toContain('bad-cli-key');
    const noKey = await runCliCaptured(['test', '--api-user', 'u', ...FAKE]);
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toContain('CARTROVER_API_KEY');
    expect((await runCliCaptured(['test', ...FAKE], { CARTROVER_API_KEY: 'good' })).code).toBe(2);
    expect((await runCliCaptured(['test', '--api-key', 'x', '--api-user', 'u', ...FAKE], { CARTROVER_API_KEY: 'good' })).code).toBe(2);
    expect((await runCliCaptured(['test', '--api-user', 'u', '--cartrover-url', 'ftp://x', ...FAKE], { CARTROVER_API_KEY: 'good' })).code).toBe(2);
    expect((await runCliCaptured(['nonsense'])).code).toBe(2);
    expect((await runCliCaptured(['--help'])).code).toBe(0);
    const badPlugin = await runCliCaptured(['test', '--api-user', 'u', '--plugin', path.join(data.dir, 'missing.json')], { CARTROVER_API_KEY: 'good' });
    expect(badPlugin.code).toBe(2);
    expect(badPlugin.stderr).toContain('manifest file not found');
  });

  it('export writes NDJSON to stdout or a file; import prints one line per record', async () => {
    const env = { CARTROVER_API_KEY: 'good-cli-key' };
    const toStdout = await runCliCaptured(['export', 'numbers', '--api-user', 'u', '--config', '{"count":3}', ...FAKE], env);
    expect(toStdout.code).toBe(0);
    expect(toStdout.stdout).toBe('{"n":1}\n{"n":2}\n{"n":3}\n');
    expect(toStdout.stderr).toContain('Exported 3 records');

    const out = path.join(data.dir, 'numbers.ndjson');
    const toFile = await runCliCaptured(['export', 'numbers', '--api-user', 'u', '--config', '{"count":4}', '--watermark', '10', '--out', out, ...FAKE], env);
    expect(toFile.code).toBe(0);
    expect(readFileSync(out, 'utf8').trim().split('\n').map((line) => JSON.parse(line).n)).toEqual([11, 12, 13, 14]);

    const imported = await runCliCaptured(['import', 'collect', '--api-user', 'u', '--in', out, ...FAKE], env);
    expect(imported.code).toBe(0);
    expect(imported.stdout.trim().split('\n')).toEqual(['line 1: created', 'line 2: created', 'line 3: created', 'line 4: created']);

    const mixed = path.join(data.dir, 'mixed.ndjson');
    writeFileSync(mixed, '{"id":"a"}\n{"id":"b","fail":true}\nnot json\n{"id":"c","skip":true}\n[{"id":"d"}]\n');
    const partly = await runCliCaptured(['import', 'collect', '--api-user', 'u', '--in', mixed, ...FAKE], env);
    expect(partly.code).toBe(1);
    // In input order, the line that is not JSON among the others; an array is no record (the host's one reading of a line).
    expect(partly.stdout.trim().split('\n')).toEqual(['line 1: created', 'line 2: failed - record b refused', 'line 3: failed - not valid JSON', 'line 4: skipped', 'line 5: failed - not a JSON object (one record per line)']);
    expect(partly.stderr).toContain('Imported: 1 written, 1 skipped (already existed), 3 failed');

    const fromStdin = await runCliCaptured(['import', 'collect', '--api-user', 'u', ...FAKE], env, '{"id":"s"}\n');
    expect(fromStdin.code).toBe(0);
    expect(fromStdin.stdout).toBe('line 1: created\n');
  });

  it('usage errors: unknown operation, bad config, missing input file (exit 2); runtime failure (exit 3)', async () => {
    const env = { CARTROVER_API_KEY: 'good-cli-key' };
    const unknown = await runCliCaptured(['export', 'nope', '--api-user', 'u', ...FAKE], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('choose one of: numbers');
    expect((await runCliCaptured(['export', 'numbers', '--api-user', 'u', '--config', '{"count":"x"}', ...FAKE], env)).code).toBe(2);
    expect((await runCliCaptured(['export', 'numbers', '--api-user', 'u', '--config', '{oops', ...FAKE], env)).code).toBe(2);
    expect((await runCliCaptured(['import', 'collect', '--api-user', 'u', '--in', path.join(data.dir, 'none.ndjson'), ...FAKE], env)).code).toBe(2);
    const broken = await runCliCaptured(['export', 'numbers', '--api-user', 'u', '--config', '{"count":5,"failAt":3}', ...FAKE], env);
    expect(broken.code).toBe(3);
    expect(broken.stderr).toContain('source broke at 3');
  });
});
