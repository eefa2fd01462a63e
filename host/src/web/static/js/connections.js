/* The connections list: status, concurrency (who lends to whom, and the pool's live load), test, delete. */
import { api, describeError, enc } from './api.js';
import { kindTitle, openConnectionDialog } from './connection-dialog.js';
import { loadConnections, loadIntegrations, loadPools } from './data.js';
import { $, confirmDialog, h, showMessage } from './dom.js';
import { appName, borrowersOf, connectableApps, connectionName, flowsUsingConnection, poolOf, state } from './state.js';
import { disableIfOffline } from './status.js';
import { whenPointerFree } from './pointer-guard.js';

/** connectionId -> { text, kind } shown under the row. */
const rowMessages = new Map();

function setRowMessage(id, text, kind) {
  if (text) rowMessages.set(id, { text, kind });
  else rowMessages.delete(id);
  renderConnections();
}

function loadText(pool) {
  if (!pool) return '';
  return `${pool.inFlight} of ${pool.level} in use${pool.queued ? `, ${pool.queued} waiting` : ''}`;
}

function concurrencyCell(connection) {
  const pool = poolOf(connection.id);
  const load = pool ? h('div', { class: 'subtle', 'data-testid': 'connection-load' }, loadText(pool)) : null;
  if (connection.borrowConcurrencyFrom) {
    return h('td', null,
      h('span', { 'data-testid': 'connection-borrow' }, 'Borrows from ', h('strong', null, connectionName(connection.borrowConcurrencyFrom))),
      load);
  }
  const borrowers = borrowersOf(connection.id);
  return h('td', null,
    h('span', { 'data-testid': 'connection-level' }, connection.concurrencyLevel ? `Level ${connection.concurrencyLevel}` : 'Default level'),
    borrowers.length ? h('div', { 'data-testid': 'connection-lends' }, 'Lends to ', borrowers.map((b) => b.name).join(', ')) : null,
    load);
}

/** Re-renders the list, but never between a press and its release (see pointer-guard.js). */
export function renderConnections() {
  whenPointerFree('renderConnections', renderConnectionsNow);
}

function renderConnectionsNow() {
  const body = $('connections-body');
  body.replaceChildren();
  $('connections-empty').hidden = state.connections.length > 0;
  for (const c of state.connections) {
    const badge = h('span', { class: `badge ${c.offline ? 'badge-offline' : 'badge-online'}`, 'data-testid': 'connection-status' }, c.offline ? 'Offline' : 'Online');
    const statusCell = h('td', { 'data-label': 'Status' }, badge);
    if (c.offline && c.lastTest && c.lastTest.message) statusCell.append(h('div', { class: 'subtle offline-reason', title: c.lastTest.message, 'data-testid': 'connection-last-test' }, h('div', { class: 'offline-reason-text' }, c.lastTest.message)));
    const concurrency = concurrencyCell(c);
    concurrency.dataset.label = 'Concurrency';
    const lender = c.borrowConcurrencyFrom ? connectionName(c.borrowConcurrencyFrom) : '';
    body.append(h('tr', { 'data-testid': 'connection-row', 'data-connection-id': c.id, 'data-connection-name': c.name, 'data-filter': [c.name, appName(c.appId), c.apiUser, lender].filter(Boolean).join(' ') },
      h('td', { class: 'name-cell', 'data-label': 'Name' }, c.name),
      h('td', { 'data-label': 'Application' }, appName(c.appId)),
      h('td', { 'data-label': 'API user' }, typeof c.apiUser === 'string' ? c.apiUser : ''),
      statusCell,
      concurrency,
      h('td', { class: 'actions' },
        h('button', { type: 'button', 'data-testid': 'connection-edit', onclick: () => openConnectionDialog({ appId: c.appId, connectionId: c.id, onSaved: afterListSave }) }, 'Edit'),
        h('button', { type: 'button', 'data-testid': 'connection-test-row', onclick: (e) => testStoredConnection(c, e.currentTarget) }, 'Test'),
        h('button', { type: 'button', class: 'danger-text', 'data-testid': 'connection-delete', onclick: () => deleteConnection(c) }, 'Delete'))));
    const message = rowMessages.get(c.id);
    if (message) {
      body.append(h('tr', { class: 'row-message-row' },
        h('td', { colspan: '6' }, h('div', { class: `message message-${message.kind}`, 'data-testid': 'connection-row-message', 'data-connection-id': c.id, 'data-kind': message.kind }, message.text))));
    }
  }
  disableIfOffline(body);
}

async function testStoredConnection(connection, button) {
  button.disabled = true;
  setRowMessage(connection.id, 'Testing your connection…', 'pending');
  const resp = await api('POST', `/api/connections/${enc(connection.id)}/test`);
  if (!resp.ok) {
    setRowMessage(connection.id, `The test could not run: ${describeError(resp)}`, 'error');
  } else if (resp.data && resp.data.ok) {
    setRowMessage(connection.id, resp.data.message || 'Your connection is working.', 'success');
  } else {
    const result = resp.data || {};
    const title = kindTitle(result.kind, connection.appId) ? `${kindTitle(result.kind, connection.appId)}: ` : '';
    setRowMessage(connection.id, `${title}${result.message || 'The test failed.'}`, 'error');
  }
  await loadConnections();
  renderConnections();
}

/** What deleting would break, said before anything happens: a lender or a used connection is refused up front. */
async function deleteConnection(connection) {
  showMessage($('connections-message'), '');
  const borrowers = borrowersOf(connection.id);
  const flows = flowsUsingConnection(connection.id);
  if (borrowers.length > 0 || flows.length > 0) {
    const details = [
      ...borrowers.map((b) => `“${b.name}” borrows its concurrency: edit “${b.name}” and choose another lender (or none) first.`),
      ...flows.map((f) => `Flow “${f.name}” uses it: edit or delete that flow first.`),
    ];
    await confirmDialog({ title: `“${connection.name}” cannot be deleted yet`, text: 'Nothing was deleted. Deleting it now would break:', details });
    return;
  }
  const ok = await confirmDialog({
    title: 'Delete connection',
    text: `Delete the connection “${connection.name}”? Its stored key is removed too; this cannot be undone.`,
    okLabel: 'Delete',
    danger: true,
  });
  if (!ok) return;
  const resp = await api('DELETE', `/api/connections/${enc(connection.id)}`);
  if (resp.ok) {
    rowMessages.delete(connection.id);
    showMessage($('connections-message'), `Deleted “${connection.name}”.`, 'success');
    await Promise.all([loadConnections(), loadIntegrations(), loadPools()]);
  } else {
    setRowMessage(connection.id, `“${connection.name}” was not deleted: ${describeError(resp)}`, 'error');
  }
}

async function afterListSave(connection, test) {
  await Promise.all([loadConnections(), loadIntegrations(), loadPools()]);
  const offline = connection && connection.offline;
  const name = connection ? connection.name : 'connection';
  showMessage($('connections-message'), offline ? `Saved “${name}” as offline.${test && test.message ? ` Its test failed: ${test.message}` : ''}` : `Saved “${name}”.`, offline ? 'warning' : 'success');
}

/** "New connection": for the one connectable app, or the one chosen beside the button. */
export function setUpConnections() {
  $('new-connection').addEventListener('click', () => {
    showMessage($('connections-message'), '');
    const apps = connectableApps();
    const chosen = $('new-connection-app').value || (apps[0] && apps[0].id);
    if (!chosen) {
      showMessage($('connections-message'), 'No installed plugin offers connections.', 'error');
      return;
    }
    openConnectionDialog({ appId: chosen, onSaved: afterListSave });
  });
}

/** The app choice beside "New connection" shows only when several apps take connections. */
export function renderConnectionApps() {
  const apps = connectableApps();
  const select = $('new-connection-app');
  select.replaceChildren(...apps.map((app) => h('option', { value: app.id }, app.name)));
  select.hidden = apps.length < 2;
}
