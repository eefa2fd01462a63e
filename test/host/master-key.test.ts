import { mkdirSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadMasterKey } from '../../host/src/secrets/master-key';
import { MasterKeyError } from '../../host/src/secrets/master-key-error';
import { tempDataDir } from './support/host-harness';

describe('master key', () => {
  const data = tempDataDir('host-key-');
  afterAll(() => data.remove());
  const dir = (name: string) => path.join(data.dir, name);

  it('uses MASTER_KEY when set', () => {
    const base64 = Buffer.alloc(32, 9).toString('base64');
    const key = loadMasterKey({ base64, dataDir: dir('env'), warn: () => undefined });
    expect(key.source).toBe('env');
    expect(Buffer.from(key.bytes)).toEqual(Buffer.alloc(32, 9));
  });

  it('refuses a malformed MASTER_KEY', () => {
    expect(() => loadMasterKey({ base64: 'not base64!', dataDir: dir('bad-env'), warn: () => undefined })).toThrow(MasterKeyError);
    expect(() => loadMasterKey({ base64: Buffer.alloc(16).toString('base64'), dataDir: dir('short-env'), warn: () => undefined })).toThrow(/32 bytes/);
  });

  it('generates a key file once, mode 0600, with a warning; then reuses it', () => {
    const warnings: string[] = [];
    const first = loadMasterKey({ dataDir: dir('gen'), warn: (message) => warnings.push(message) });
    expect(first.source).toBe('generated');
    expect(warnings).toHaveLength(1);
    expect(statSync(path.join(dir('gen'), 'master.key')).mode & 0o777).toBe(0o600);
    const second = loadMasterKey({ dataDir: dir('gen'), warn: (message) => warnings.push(message) });
    expect(second.source).toBe('file');
    expect(second.keyId).toBe(first.keyId);
    expect(warnings).toHaveLength(1);
    expect(readFileSync(path.join(dir('gen'), 'master.key'), 'utf8').trim()).toBe(Buffer.from(first.bytes).toString('base64'));
  });

  it('a malformed or unreadable key file is an error, never a silent new key', () => {
    mkdirSync(dir('malformed'), { recursive: true });
    writeFileSync(path.join(dir('malformed'), 'master.key'), 'garbage');
    expect(() => loadMasterKey({ dataDir: dir('malformed'), warn: () => undefined })).toThrow(/master key file .* base64/);
    expect(readFileSync(path.join(dir('malformed'), 'master.key'), 'utf8')).toBe('garbage');
    mkdirSync(path.join(dir('unreadable'), 'master.key'), { recursive: true });
    expect(() => loadMasterKey({ dataDir: dir('unreadable'), warn: () => undefined })).toThrow(/cannot be read \(EISDIR\)/);
  });
});
