/* Loads lists from the host into the shared state and announces what changed. */
import { api, describeError, enc } from './api.js';
import { changed, state } from './state.js';
import { $, showMessage } from './dom.js';

function asArray(data, key) {
  if (Array.isArray(data)) return data;
  if (data && Array.isArray(data[key])) return data[key];
  return [];
}

/** GETs a list into `state[key]`; unchanged lists announce nothing (no re-render, focus stays). */
async function loadList(path, key, what) {
  const resp = await api('GET', path);
  if (!resp.ok) {
    if (resp.status !== 0) showMessage($('global-error'), `Could not load the ${what}: ${describeError(resp)}`, 'error');
    return false;
  }
  const list = asArray(resp.data, key);
  if (JSON.stringify(list) === JSON.stringify(state[key])) return true;
  state[key] = list;
  changed(key);
  return true;
}

export const loadApps = () => loadList('/api/apps', 'apps', 'applications');
export const loadConnections = () => loadList('/api/connections', 'connections', 'connections');
export const loadIntegrations = () => loadList('/api/integrations', 'integrations', 'integrations');
export const loadFlows = () => loadList('/api/flows', 'flows', 'flows');
export const loadFiles = () => loadList('/api/files', 'files', 'files');
export const loadPools = () => loadList('/api/pools', 'pools', 'pools');

export async function loadEverything() {
  await loadApps();
  await Promise.all([loadConnections(), loadIntegrations(), loadFlows(), loadFiles(), loadPools()]);
}

/** An app's operations, fetched once. */
export async function loadOperations(appId) {
  if (state.operations.has(appId)) return state.operations.get(appId);
  const pending = (async () => {
    const resp = await api('GET', `/api/apps/${enc(appId)}/operations`);
    if (!resp.ok) throw new Error(`The operations could not be loaded: ${describeError(resp)}`);
    return asArray(resp.data, 'operations');
  })();
  state.operations.set(appId, pending);
  try {
    const operations = await pending;
    state.operations.set(appId, operations);
    return operations;
  } catch (error) {
    state.operations.delete(appId);
    throw error;
  }
}
