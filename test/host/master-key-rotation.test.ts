import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { Host } from '../../host/src';
import { silentLogger } from '../../src/fallback-services/silent-logger';
import { HostSecretCipher } from '../../host/src/secrets/host-secret-cipher';
import { loadMasterKey } from '../../host/src/secrets/master-key';
import { RECORDED_KEY_ID } from '../../host/src/secrets/master-key-check';
import { MasterKeyError } from '../../host/src/secrets/master-key-error';
import { openKeyring, rotateMasterKey } from '../../host/src/secrets/master-key-rotation';
import { MasterKeyring } from '../../host/src/secrets/master-keyring';
import { HostStore } from '../../host/src/store/host-store';
import { PROJECT_ROOT } from '../support/temp-plugin';
import { FAKE_MANIFEST, LogCapture, startTestHost, tempDataDir } from './support/host-harness';

const CLI = path.join(PROJECT_ROOT, 'cli', 'dist', 'main.js');
/** Enough that re-encrypting takes a good part of a second: kills land inside the transaction. */
const SECRETS = 10000;

function plaintextOf(index: number): string {
  return `good-secret-${index}-${'x'.repeat(index % 17)}`;
}

/** A data folder with a key file and SECRETS encrypted secrets, written as the host writes them. */
function seed(dataDir: string): void {
  const key = loadMasterKey({ dataDir, warn: () => undefined });
  const store = HostStore.open(dataDir);
  const cipher = new HostSecretCipher(new MasterKeyring(key));
  const now = new Date().toISOString();
  store.transaction(() => {
    for (let index = 0; index < SECRETS; index += 1) {
      const id = `c-${index}`;
      store.connections.insert({ id, appId: 'fake', name: `Seeded ${index}`, values: { name: `Seeded ${index}` }, secrets: { apiKey: cipher.encrypt(plaintextOf(index), id) }, offline: false, lastTest: null, version: 1, createdAt: now, updatedAt: now });
    }
    store.setMeta(RECORDED_KEY_ID, key.keyId);
  });
  store.close();
}

/** Opens the folder as a starting host would and decrypts every secret; returns the key id in use. */
function everySecretReadable(dataDir: string): string {
  const masterKey = loadMasterKey({ dataDir, warn: () => undefined, hasSecrets: () => true });
  const store = HostStore.open(dataDir);
  try {
    const { keyring, current } = openKeyring(masterKey, dataDir, store.meta(RECORDED_KEY_ID), silentLogger);
    const cipher = new HostSecretCipher(keyring);
    const connections = store.connections.list();
    expect(connections).toHaveLength(SECRETS);
    for (const connection of connections) {
      expect(cipher.decrypt(connection.secrets.apiKey!, connection.id)).toBe(plaintextOf(Number(connection.id.slice(2))));
    }
    return current.keyId;
  } finally {
    store.close();
  }
}

function rotateInChild(dataDir: string, killAfterMs: number | undefined): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, 'rotate-master-key', '--data-dir', dataDir], { env: { PATH: process.env.PATH }, cwd: PROJECT_ROOT });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ code, signal, stdout });
    });
  });
}

describe('master key lifecycle', () => {
  it('a missing key file over existing secrets is an error that writes nothing', async () => {
    const data = tempDataDir('host-nokey-');
    try {
      const running = await startTestHost({ dataDir: data.dir });
      expect((await running.api.post('/api/connections', { appId: 'fake', values: { name: 'Keyed', apiUser: 'u', apiKey: 'good-keyed-1' } })).status).toBe(201);
      await running.close();
      rmSync(path.join(data.dir, 'master.key'));
      const before = readdirSync(data.dir).sort();
      await expect(Host.create({ dataDir: data.dir, manifests: [FAKE_MANIFEST], logDestination: new LogCapture() })).rejects.toThrow(MasterKeyError);
      await expect(Host.create({ dataDir: data.dir, manifests: [FAKE_MANIFEST], logDestination: new LogCapture() })).rejects.toThrow(/master key file .* is missing.*nothing was written/);
      expect(readdirSync(data.dir).sort()).toEqual(before);
      expect(existsSync(path.join(data.dir, 'master.key'))).toBe(false);
    } finally {
      data.remove();
    }
  });

  it('rotation re-encrypts every secret under a new key id; the host starts with it and reads them', async () => {
    const data = tempDataDir('host-rotate-');
    try {
      const running = await startTestHost({ dataDir: data.dir });
      const created = await running.api.post('/api/connections', { appId: 'fake', values: { name: 'Rotated', apiUser: 'u', apiKey: 'good-rotated-1' } });
      await running.close();
      const before = loadMasterKey({ dataDir: data.dir, warn: () => undefined }).keyId;
      const result = rotateMasterKey(data.dir, silentLogger);
      expect(result).toEqual({ previousKeyId: before, keyId: expect.stringMatching(/^mk-/), secrets: 1 });
      expect(result.keyId).not.toBe(before);
      expect(existsSync(path.join(data.dir, 'master.key.next'))).toBe(false);
      const again = await startTestHost({ dataDir: data.dir });
      // The stored key still works: the test reads and decrypts it.
      expect((await again.api.post(`/api/connections/${created.body.connection.id}/test`)).body.ok).toBe(true);
      // A running host refuses a rotation (its keyring would go stale).
      expect(() => rotateMasterKey(data.dir, silentLogger)).toThrow(/stop it before rotating/);
      await again.close();
    } finally {
      data.remove();
    }
  });

  it('SIGKILL at random points of `rotate-master-key` (several runs): every secret still decrypts with the key files present', async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is not built: run \`npm run build\` (npm test does it first)`);
    const data = tempDataDir('host-rotate-kill-');
    try {
      seed(data.dir);
      const firstKey = everySecretReadable(data.dir);
      const started = Date.now();
      const full = await rotateInChild(data.dir, undefined);
      expect(full.code).toBe(0);
      const fullMs = Date.now() - started;
      let keyId = everySecretReadable(data.dir);
      expect(keyId).not.toBe(firstKey);
      const keyIds = new Set([firstKey, keyId]);
      // Seeded, so a failure names the delays that broke it and can be replayed.
      const delays = fc.sample(fc.noBias(fc.integer({ min: 0, max: Math.max(50, Math.round(fullMs * 1.1)) })), { numRuns: 10, seed: 14 });
      let killed = 0;
      let midRotation = 0;
      for (const delay of delays) {
        const outcome = await rotateInChild(data.dir, delay);
        if (outcome.signal === 'SIGKILL') killed += 1;
        // The new key on disk and the process killed: the kill landed inside the rotation.
        if (outcome.signal === 'SIGKILL' && existsSync(path.join(data.dir, 'master.key.next'))) midRotation += 1;
        keyId = everySecretReadable(data.dir);
        keyIds.add(keyId);
      }
      expect(killed).toBeGreaterThan(0);
      expect(midRotation).toBeGreaterThan(0);
      // One more rotation after all that finishes cleanly.
      expect((await rotateInChild(data.dir, undefined)).code).toBe(0);
      expect(everySecretReadable(data.dir)).not.toBe(keyId);
      expect(readdirSync(data.dir).filter((name) => name.startsWith('master.key'))).toEqual(['master.key']);
    } finally {
      data.remove();
    }
    // Twelve CLI processes, each a cold Node start: 120 s was cut short once on a loaded machine.
  }, 300_000);

  it('a crash after the re-encryption committed but before the new key replaced master.key: the next start finishes it', async () => {
    const data = tempDataDir('host-rotate-window-');
    try {
      const running = await startTestHost({ dataDir: data.dir });
      const created = await running.api.post('/api/connections', { appId: 'fake', values: { name: 'Window', apiUser: 'u', apiKey: 'good-window-1' } });
      await running.close();
      const oldKey = readFileSync(path.join(data.dir, 'master.key'));
      const result = rotateMasterKey(data.dir, silentLogger);
      // Put the folder back into the state between the commit and the rename.
      renameSync(path.join(data.dir, 'master.key'), path.join(data.dir, 'master.key.next'));
      writeFileSync(path.join(data.dir, 'master.key'), oldKey, { mode: 0o600 });
      const again = await startTestHost({ dataDir: data.dir });
      expect((await again.api.post(`/api/connections/${created.body.connection.id}/test`)).body.ok).toBe(true);
      await again.close();
      expect(existsSync(path.join(data.dir, 'master.key.next'))).toBe(false);
      expect(loadMasterKey({ dataDir: data.dir, warn: () => undefined }).keyId).toBe(result.keyId);
    } finally {
      data.remove();
    }
  });
});
