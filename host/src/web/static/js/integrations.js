/* Integrations: create, rename, delete (refused up front while flows belong to one), register connections. */
import { api, describeError, enc, fieldMessages } from './api.js';
import { loadIntegrations } from './data.js';
import { $, confirmDialog, h, plural, promptDialog, showMessage } from './dom.js';
import { appName, connectionName, state } from './state.js';
import { disableIfOffline } from './status.js';
import { whenPointerFree } from './pointer-guard.js';

/** integrationId -> { text, kind }. */
const cardMessages = new Map();

function setCardMessage(id, text, kind) {
  if (text) cardMessages.set(id, { text, kind });
  else cardMessages.delete(id);
}

/** Re-renders the list, but never between a press and its release (see pointer-guard.js). */
export function renderIntegrations() {
  whenPointerFree('renderIntegrations', renderIntegrationsNow);
}

function renderIntegrationsNow() {
  const list = $('integrations-list');
  list.replaceChildren();
  $('integrations-empty').hidden = state.integrations.length > 0;
  for (const integration of state.integrations) {
    const ids = integration.connectionIds || [];
    const registered = h('ul', { class: 'registered', 'data-testid': 'registered-connections' });
    if (ids.length === 0) registered.append(h('li', { class: 'subtle' }, 'No connections registered yet.'));
    for (const cid of ids) {
      const c = state.connections.find((x) => x.id === cid);
      registered.append(h('li', { 'data-testid': 'registered-connection', 'data-connection-id': cid },
        h('span', { class: 'reg-name' }, c ? c.name : connectionName(cid)),
        c ? h('span', { class: 'subtle' }, ` ${appName(c.appId)}`) : null,
        c ? h('span', { class: `badge ${c.offline ? 'badge-offline' : 'badge-online'}` }, c.offline ? 'Offline' : 'Online') : null,
        h('button', { type: 'button', class: 'small', 'data-testid': 'deregister-connection', onclick: () => deregister(integration, cid) }, 'Deregister')));
    }
    const candidates = state.connections.filter((c) => !ids.includes(c.id));
    const select = h('select', { 'aria-label': `Connection to register to ${integration.name}`, 'data-testid': 'register-select', name: `register.${integration.id}` },
      h('option', { value: '' }, candidates.length ? 'Choose a connection…' : 'No other connections'),
      ...candidates.map((c) => h('option', { value: c.id }, `${c.name}${c.offline ? ' (offline)' : ''}`)));
    const registerButton = h('button', { type: 'button', 'data-testid': 'register-connection', disabled: candidates.length === 0, onclick: () => register(integration, select.value) }, 'Register');
    const message = cardMessages.get(integration.id);
    const flows = state.flows.filter((flow) => flow.integrationId === integration.id);
    const words = [integration.name, ...ids.map((cid) => connectionName(cid)), ...flows.map((flow) => flow.name)];
    list.append(h('article', { class: 'integration', 'data-testid': 'integration', 'data-integration-id': integration.id, 'data-integration-name': integration.name, 'data-filter': words.join(' ') },
      h('div', { class: 'integration-head' },
        h('h3', null, integration.name),
        h('span', { class: 'spacer' }),
        h('button', { type: 'button', class: 'small', 'data-testid': 'integration-rename', onclick: () => rename(integration) }, 'Rename'),
        h('button', { type: 'button', class: 'small danger-text', 'data-testid': 'integration-delete', onclick: () => remove(integration) }, 'Delete')),
      h('div', { class: 'subtle' }, `${plural(ids.length, 'registered connection')} · ${plural(flows.length, 'flow')}`),
      registered,
      h('div', { class: 'inline-form' }, select, registerButton),
      message ? h('div', { class: `message message-${message.kind}`, 'data-testid': 'integration-message', 'data-kind': message.kind }, message.text) : null));
  }
  disableIfOffline(list);
}

async function createIntegration(event) {
  event.preventDefault();
  const input = $('new-integration-name');
  const error = $('new-integration-error');
  const name = input.value.trim();
  error.hidden = true;
  const resp = await api('POST', '/api/integrations', { name });
  if (!resp.ok) {
    const sentence = fieldMessages(resp).name;
    if (sentence) {
      error.textContent = sentence;
      error.hidden = false;
      input.setAttribute('aria-invalid', 'true');
      input.focus();
    } else {
      showMessage($('integrations-message'), describeError(resp, 'The integration could not be created.'), 'error');
    }
    return;
  }
  input.removeAttribute('aria-invalid');
  input.value = '';
  showMessage($('integrations-message'), `Created integration “${resp.data.name}”.`, 'success');
  await loadIntegrations();
  const flowIntegration = $('flow-integration');
  if (!flowIntegration.value && resp.data.id) {
    flowIntegration.value = resp.data.id;
    flowIntegration.dispatchEvent(new Event('change'));
  }
}

async function rename(integration) {
  const name = await promptDialog({ title: 'Rename integration', label: 'Integration name', value: integration.name });
  if (name === undefined || name.trim() === integration.name) return;
  const resp = await api('PUT', `/api/integrations/${enc(integration.id)}`, { name, version: integration.version });
  setCardMessage(integration.id, resp.ok ? `Renamed to “${resp.data.name}”.` : `Not renamed: ${fieldMessages(resp).name || describeError(resp)}`, resp.ok ? 'success' : 'error');
  await loadIntegrations();
  renderIntegrations();
}

/** Says what would break before anything is deleted: an integration with flows is refused up front. */
async function remove(integration) {
  const flows = state.flows.filter((flow) => flow.integrationId === integration.id);
  if (flows.length > 0) {
    await confirmDialog({
      title: `“${integration.name}” cannot be deleted yet`,
      text: 'Nothing was deleted. Its flows need it; delete or move them first:',
      details: flows.map((flow) => `Flow “${flow.name}”`),
    });
    return;
  }
  const ids = integration.connectionIds || [];
  const ok = await confirmDialog({
    title: 'Delete integration',
    text: `Delete the integration “${integration.name}”?${ids.length ? ` Its ${plural(ids.length, 'connection')} stay; only the registrations go.` : ''}`,
    okLabel: 'Delete',
    danger: true,
  });
  if (!ok) return;
  const resp = await api('DELETE', `/api/integrations/${enc(integration.id)}`);
  if (resp.ok) showMessage($('integrations-message'), `Deleted integration “${integration.name}”.`, 'success');
  else setCardMessage(integration.id, `“${integration.name}” was not deleted: ${describeError(resp)}`, 'error');
  await loadIntegrations();
  renderIntegrations();
}

async function register(integration, connectionId) {
  if (!connectionId) {
    setCardMessage(integration.id, 'Choose a connection to register first.', 'error');
    renderIntegrations();
    return;
  }
  const resp = await api('PUT', `/api/integrations/${enc(integration.id)}/connections/register`, [connectionId]);
  setCardMessage(integration.id, resp.ok ? `Registered “${connectionName(connectionId)}”.` : describeError(resp), resp.ok ? 'success' : 'error');
  await loadIntegrations();
  renderIntegrations();
}

async function deregister(integration, connectionId) {
  const resp = await api('DELETE', `/api/integrations/${enc(integration.id)}/connections/${enc(connectionId)}/register`);
  setCardMessage(integration.id, resp.ok ? `Deregistered “${connectionName(connectionId)}”.` : describeError(resp), resp.ok ? 'success' : 'error');
  await loadIntegrations();
  renderIntegrations();
}

export function setUpIntegrations() {
  $('new-integration-form').addEventListener('submit', createIntegration);
}
