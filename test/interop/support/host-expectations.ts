/** The field ids of the CartRover connection form, in display order. */
export const FIELD_IDS = ['name', 'apiUser', 'apiKey', 'borrowConcurrencyFrom', 'concurrencyPool', 'concurrencyLevel'];

/**
 * What every host shape must have seen (fixtures/host-run.cjs): the default export is the
 * ContainerModule; render, good and bad test, an export without `lifecycle.sync`, a `CartRoverError`
 * for a wrong stored key, host services bound after load, and a sentence naming `npm install redis`.
 */
export function expectHostRan(seen: Record<string, unknown>): void {
  expect(seen.error).toBeUndefined();
  expect(seen.pluginHasLoad).toBe(true);
  expect(seen.appIds).toEqual(['cartrover']);
  expect(seen.roles).toEqual(['source', 'destination']);
  expect(seen.fieldIds).toEqual(FIELD_IDS);
  expect(seen.good).toEqual({ ok: true });
  expect(seen.bad).toMatchObject({ ok: false, kind: 'auth' });
  expect(seen.exportedCount).toBeGreaterThan(0);
  expect(seen.wrongKeyExport).toMatchObject({ name: 'CartRoverError', isCartRoverError: true, kind: 'auth' });
  expect(seen.lateExportedCount).toBe(seen.exportedCount);
  expect(seen.redisMissing).toMatchObject({ isCartRoverError: false });
  expect((seen.redisMissing as { message: string }).message).toContain('npm install redis');
  expect(seen.settingName).toBe('CARTROVER_BASE_URL');
  // The form loop keeps a typed key in JSON Forms' data (fields never show it).
  expect(seen.renderedKey).toBe('typed-secret');
  expect(JSON.stringify(seen)).not.toContain('not-the-key');
}
