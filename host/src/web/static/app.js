/*
 * The reference host's web page: plain ES2020, no framework, no build step.
 *
 * The server is the single source of truth for what a connection form shows and whether it is
 * valid: the connection dialog posts the values it has to /api/apps/:appId/connection-form on open
 * and on every change, and renders the fields it gets back, updating the existing inputs in place
 * so focus and caret stay where the user left them. No secret is ever written into the DOM: the
 * API key input only ever holds what the user is typing; a stored key shows as a placeholder.
 */
'use strict';

(() => {
  const DEBOUNCE_MS = 150;
  const POLL_MS = 400;
  const SECRET_MASK = '******';
  /** The host's built-in app; used when GET /api/apps does not list it. */
  const FILE_APP = { id: 'file', name: 'File (NDJSON)', roles: ['source', 'destination'], builtIn: true };
  const FILE_OPERATIONS = [
    {
      id: 'read', name: 'Read an NDJSON file', role: 'source', description: 'One record per line of a file uploaded under Files.',
      configSchema: { type: 'object', required: ['name'], properties: { name: { type: 'string', title: 'File name', description: 'A file of the Files panel, e.g. orders.ndjson' } } },
    },
    {
      id: 'write', name: 'Write an NDJSON file', role: 'destination', description: 'Writes one record per line to a file of the Files panel.',
      configSchema: { type: 'object', required: ['name'], properties: { name: { type: 'string', title: 'File name', description: 'e.g. out.ndjson' } } },
    },
  ];
  const KIND_TITLES = {
    auth: 'Credentials refused',
    network: 'Network problem',
    timeout: 'Timed out',
    rate_limit: 'Rate limited',
    server: 'CartRover reported an error',
    config: 'Check the highlighted fields',
    busy: 'Connection busy',
    internal: 'Internal error',
  };

  const state = {
    apps: [],
    connections: [],
    integrations: [],
    flows: [],
    /** appId -> operations (or a pending promise). */
    operations: new Map(),
    /** connectionId -> { text, kind } shown under the row. */
    connectionMessages: new Map(),
    /** integrationId -> { text, kind }. */
    integrationMessages: new Map(),
    /** flowId -> last run shown. */
    runs: new Map(),
  };

  // ---------------------------------------------------------------- helpers

  const $ = (id) => document.getElementById(id);

  /** Creates an element; children are nodes or strings (always text, never HTML). */
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    if (attrs) {
      for (const [key, value] of Object.entries(attrs)) {
        if (value === undefined || value === null || value === false) continue;
        if (key === 'class') el.className = value;
        else if (key === 'text') el.textContent = value;
        else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
        else if (key in el && typeof value !== 'string') el[key] = value;
        else el.setAttribute(key, value === true ? '' : String(value));
      }
    }
    for (const child of children.flat()) {
      if (child === undefined || child === null || child === false) continue;
      el.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return el;
  }

  const enc = encodeURIComponent;

  /** Calls the REST API. Never throws: network failures come back as status 0 with a message. */
  async function api(method, path, body, options = {}) {
    const init = { method, headers: { accept: 'application/json' } };
    if (body !== undefined) {
      if (options.contentType) {
        init.headers['content-type'] = options.contentType;
        init.body = body;
      } else {
        init.headers['content-type'] = 'application/json';
        init.body = JSON.stringify(body);
      }
    }
    let response;
    try {
      response = await fetch(path, init);
    } catch (error) {
      return {
        ok: false,
        status: 0,
        data: { error: 'network', message: `Could not reach the server (${error && error.message ? error.message : 'network error'}). Check that the host is running, then try again.` },
      };
    }
    let text = '';
    try {
      text = await response.text();
    } catch {
      text = '';
    }
    if (options.raw && response.ok) return { ok: true, status: response.status, data: text };
    let data = null;
    if (text) {
      try {
        data = JSON.parse(text);
      } catch {
        data = { error: 'bad_response', message: text.slice(0, 300) };
      }
    }
    return { ok: response.ok, status: response.status, data };
  }

  function errorsText(errors) {
    if (!errors) return '';
    if (Array.isArray(errors)) {
      return errors.map((e) => (typeof e === 'string' ? e : (e && (e.message || e.error)) ? `${e.path || e.instancePath || e.field || ''}${e.path || e.instancePath || e.field ? ': ' : ''}${e.message || e.error}` : JSON.stringify(e))).join('; ');
    }
    if (typeof errors === 'object') return Object.entries(errors).map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`).join('; ');
    return String(errors);
  }

  /** `{ error, message, errors? }` as one plain sentence. */
  function describeError(resp, fallback) {
    const d = resp && resp.data;
    let text = fallback || `Request failed (HTTP ${resp ? resp.status : '?'}).`;
    if (d && typeof d === 'object') {
      text = d.message || (d.error ? `${d.error} (HTTP ${resp.status})` : text);
      const details = errorsText(d.errors);
      if (details && !text.includes(details)) text += ` ${details}`;
    }
    return text;
  }

  function showMessage(el, text, kind) {
    if (!text) {
      el.hidden = true;
      el.textContent = '';
      return;
    }
    el.hidden = false;
    el.className = `message message-${kind || 'info'}`;
    el.dataset.kind = kind || 'info';
    el.textContent = text;
  }

  function setGlobalError(text) {
    showMessage($('global-error'), text, 'error');
    $('global-error').className = 'banner banner-error';
  }

  function appName(appId) {
    const app = allApps().find((a) => a.id === appId);
    return app ? app.name : appId;
  }

  function connectionName(id) {
    const c = state.connections.find((x) => x.id === id);
    return c ? c.name : id;
  }

  function integrationName(id) {
    const i = state.integrations.find((x) => x.id === id);
    return i ? i.name : id;
  }

  function allApps() {
    const apps = state.apps.slice();
    if (!apps.some((a) => a.id === FILE_APP.id)) apps.push(FILE_APP);
    return apps;
  }

  /** Apps whose connections the user manages (every app except the host's connection-less file app). */
  function needsConnection(appId) {
    const app = allApps().find((a) => a.id === appId);
    if (!app) return false;
    if (typeof app.hasConnections === 'boolean') return app.hasConnections;
    return app.id !== FILE_APP.id;
  }

  function asArray(data, key) {
    if (Array.isArray(data)) return data;
    if (data && Array.isArray(data[key])) return data[key];
    return [];
  }

  function plural(n, word) {
    return `${n} ${word}${n === 1 ? '' : 's'}`;
  }

  // ---------------------------------------------------------------- confirm dialog

  /** Resolves true when the user confirms. Uses the page's own dialog (role="dialog"), not window.confirm. */
  function confirmDialog({ title, text, okLabel = 'OK', cancelLabel = 'Cancel', danger = false }) {
    const dialog = $('confirm-dialog');
    $('confirm-title').textContent = title;
    $('confirm-text').textContent = text;
    const ok = $('confirm-ok');
    const cancel = $('confirm-cancel');
    ok.textContent = okLabel;
    cancel.textContent = cancelLabel;
    ok.classList.toggle('danger', danger);
    return new Promise((resolve) => {
      const finish = (answer) => {
        ok.removeEventListener('click', onOk);
        cancel.removeEventListener('click', onCancel);
        dialog.removeEventListener('cancel', onEscape);
        if (dialog.open) dialog.close();
        resolve(answer);
      };
      const onOk = () => finish(true);
      const onCancel = () => finish(false);
      const onEscape = (event) => {
        event.preventDefault();
        finish(false);
      };
      ok.addEventListener('click', onOk);
      cancel.addEventListener('click', onCancel);
      dialog.addEventListener('cancel', onEscape);
      dialog.showModal();
      cancel.focus();
    });
  }

  // ---------------------------------------------------------------- data loading

  async function loadHealth() {
    const resp = await api('GET', '/api/health');
    const el = $('server-status');
    if (resp.ok) {
      el.textContent = 'Server online';
      el.className = 'server-status ok';
    } else {
      el.textContent = 'Server unreachable';
      el.className = 'server-status bad';
    }
  }

  /** GETs a list into `state[key]`; on failure says what could not be loaded. True when loaded. */
  async function loadList(path, key, what) {
    const resp = await api('GET', path);
    if (!resp.ok) {
      setGlobalError(`Could not load the ${what}: ${describeError(resp)}`);
      return false;
    }
    state[key] = asArray(resp.data, key);
    return true;
  }

  async function loadApps() {
    await loadList('/api/apps', 'apps', 'applications');
  }

  async function loadConnections() {
    if (!(await loadList('/api/connections', 'connections', 'connections'))) return;
    renderConnections();
    renderIntegrations();
    refreshStepConnections();
  }

  async function loadIntegrations() {
    if (!(await loadList('/api/integrations', 'integrations', 'integrations'))) return;
    renderIntegrations();
    renderFlowIntegrationOptions();
    refreshStepConnections();
    renderFlows();
  }

  async function loadFlows() {
    if (!(await loadList('/api/flows', 'flows', 'flows'))) return;
    renderFlows();
  }

  async function loadFileNames() {
    const resp = await api('GET', '/api/files');
    if (!resp.ok) return;
    const names = asArray(resp.data, 'files').map((f) => (typeof f === 'string' ? f : f && f.name)).filter(Boolean);
    $('file-names').replaceChildren(...names.map((name) => h('option', { value: name })));
  }

  async function loadOperations(appId) {
    if (state.operations.has(appId)) return state.operations.get(appId);
    const pending = (async () => {
      const resp = await api('GET', `/api/apps/${enc(appId)}/operations`);
      if (resp.ok) {
        const ops = asArray(resp.data, 'operations');
        if (ops.length > 0 || appId !== FILE_APP.id) return ops;
      }
      if (appId === FILE_APP.id) return FILE_OPERATIONS;
      throw new Error(`Could not load the operations of ${appName(appId)}: ${describeError(resp)}`);
    })();
    state.operations.set(appId, pending);
    try {
      const ops = await pending;
      state.operations.set(appId, ops);
      return ops;
    } catch (error) {
      state.operations.delete(appId);
      throw error;
    }
  }

  // ---------------------------------------------------------------- connections list

  function renderConnections() {
    const body = $('connections-body');
    body.replaceChildren();
    $('connections-empty').hidden = state.connections.length > 0;
    for (const c of state.connections) {
      const apiUser = c.apiUser !== undefined ? c.apiUser : (c.values && c.values.apiUser) || '';
      const badge = h('span', { class: `badge ${c.offline ? 'badge-offline' : 'badge-online'}`, 'data-testid': 'connection-status' }, c.offline ? 'Offline' : 'Online');
      const statusCell = h('td', null, badge);
      if (c.offline && c.lastTest && c.lastTest.message) {
        statusCell.append(h('div', { class: 'subtle', 'data-testid': 'connection-last-test' }, c.lastTest.message));
      }
      let concurrency;
      if (c.borrowConcurrencyFrom) {
        concurrency = h('span', { 'data-testid': 'connection-borrow' }, 'Borrows from ', h('strong', null, connectionName(c.borrowConcurrencyFrom)));
      } else {
        concurrency = h('span', { 'data-testid': 'connection-level' }, c.concurrencyLevel ? `Level ${c.concurrencyLevel}` : 'Default level');
      }
      const row = h('tr', { 'data-testid': 'connection-row', 'data-connection-id': c.id, 'data-connection-name': c.name },
        h('td', { class: 'name-cell' }, c.name),
        h('td', null, appName(c.appId)),
        h('td', null, apiUser),
        statusCell,
        h('td', null, concurrency),
        h('td', { class: 'actions' },
          h('button', { type: 'button', 'data-testid': 'connection-edit', onclick: () => openConnectionDialog({ appId: c.appId, connectionId: c.id, onSaved: afterListSave }) }, 'Edit'),
          h('button', { type: 'button', 'data-testid': 'connection-test-row', onclick: (e) => testStoredConnection(c, e.currentTarget) }, 'Test'),
          h('button', { type: 'button', class: 'danger-text', 'data-testid': 'connection-delete', onclick: () => deleteConnection(c) }, 'Delete')));
      body.append(row);
      const message = state.connectionMessages.get(c.id);
      if (message) {
        body.append(h('tr', { class: 'row-message-row' },
          h('td', { colspan: '6' }, h('div', { class: `message message-${message.kind}`, 'data-testid': 'connection-row-message', 'data-connection-id': c.id, 'data-kind': message.kind }, message.text))));
      }
    }
  }

  function setConnectionMessage(id, text, kind) {
    if (text) state.connectionMessages.set(id, { text, kind });
    else state.connectionMessages.delete(id);
    renderConnections();
  }

  async function testStoredConnection(connection, button) {
    button.disabled = true;
    setConnectionMessage(connection.id, 'Testing your connection…', 'pending');
    const resp = await api('POST', `/api/connections/${enc(connection.id)}/test`);
    if (!resp.ok) {
      setConnectionMessage(connection.id, describeError(resp), 'error');
    } else if (resp.data && resp.data.ok) {
      setConnectionMessage(connection.id, resp.data.message || 'Your connection is working great!', 'success');
    } else {
      const r = resp.data || {};
      const title = KIND_TITLES[r.kind] ? `${KIND_TITLES[r.kind]}: ` : '';
      setConnectionMessage(connection.id, `${title}${r.message || 'The test failed.'}`, 'error');
    }
    await loadConnections();
  }

  async function deleteConnection(connection) {
    const ok = await confirmDialog({
      title: 'Delete connection',
      text: `Delete the connection “${connection.name}”? This cannot be undone.`,
      okLabel: 'Delete',
      danger: true,
    });
    if (!ok) return;
    const resp = await api('DELETE', `/api/connections/${enc(connection.id)}`);
    if (resp.ok) {
      state.connectionMessages.delete(connection.id);
      showMessage($('connections-message'), `Deleted “${connection.name}”.`, 'success');
      await Promise.all([loadConnections(), loadIntegrations()]);
    } else {
      setConnectionMessage(connection.id, describeError(resp, 'The connection could not be deleted.'), 'error');
    }
  }

  async function afterListSave(connection, test) {
    await Promise.all([loadConnections(), loadIntegrations()]);
    const offline = connection && connection.offline;
    const name = connection ? connection.name : 'connection';
    showMessage($('connections-message'), offline ? `Saved “${name}” as offline. ${test && test.message ? `Its test failed: ${test.message}` : ''}` : `Saved “${name}”.`, offline ? 'warning' : 'success');
  }

  // ---------------------------------------------------------------- connection dialog

  const dlg = {
    open: false,
    appId: 'cartrover',
    connectionId: undefined,
    integrationId: undefined,
    onSaved: undefined,
    /** The values the user has (non-secrets from the server's first render, then the user's edits). */
    values: {},
    initialised: false,
    /** fieldId -> { id, type, group, wrap, input, label, help, error, extra }. */
    fields: new Map(),
    /** group name -> { section, body }. */
    groups: new Map(),
    form: null,
    /** The values the last rendered form was computed for (its errors are stale for fields changed since). */
    renderedValues: {},
    /** A change the server has not rendered yet. */
    pending: false,
    touched: new Set(),
    submitted: false,
    /** Errors from the last Test / Save, shown until the field changes. */
    submitErrors: {},
    seq: 0,
    timer: undefined,
    busy: false,
  };

  function openConnectionDialog({ appId = 'cartrover', connectionId, integrationId, context, onSaved }) {
    const dialog = $('connection-dialog');
    dlg.open = true;
    dlg.appId = appId;
    dlg.connectionId = connectionId;
    dlg.integrationId = integrationId;
    dlg.onSaved = onSaved;
    dlg.values = {};
    dlg.initialised = false;
    dlg.fields = new Map();
    dlg.groups = new Map();
    dlg.form = null;
    dlg.renderedValues = {};
    dlg.pending = false;
    dlg.touched = new Set();
    dlg.submitted = false;
    dlg.submitErrors = {};
    dlg.busy = false;
    clearTimeout(dlg.timer);
    $('connection-fields').replaceChildren(h('p', { class: 'subtle', 'data-testid': 'connection-loading' }, 'Loading the form…'));
    $('connection-dialog-title').textContent = connectionId ? `Edit connection` : 'New connection';
    $('connection-dialog-app').textContent = appName(appId);
    const ctx = $('connection-dialog-context');
    ctx.hidden = !context;
    ctx.textContent = context || '';
    setResult(null);
    setDialogBusy(false);
    if (!dialog.open) dialog.showModal();
    requestForm();
  }

  function closeConnectionDialog() {
    dlg.open = false;
    dlg.seq++;
    clearTimeout(dlg.timer);
    const dialog = $('connection-dialog');
    if (dialog.open) dialog.close();
    // Drop whatever the user typed (the API key included) from the DOM.
    $('connection-fields').replaceChildren();
    dlg.values = {};
    dlg.fields = new Map();
    dlg.groups = new Map();
  }

  /** The values to send: every non-note field, the secret only when the user typed one. */
  function currentValues() {
    const out = {};
    for (const [id, f] of dlg.fields) {
      if (f.type === 'note') continue;
      const v = dlg.values[id];
      if (f.type === 'password') {
        if (typeof v === 'string' && v !== '') out[id] = v;
      } else {
        out[id] = v === undefined || v === null ? '' : v;
      }
    }
    return out;
  }

  function scheduleForm(immediate) {
    dlg.seq++; // any answer already on its way is stale now
    dlg.pending = true;
    clearTimeout(dlg.timer);
    if (immediate) requestForm();
    else dlg.timer = setTimeout(requestForm, DEBOUNCE_MS);
  }

  async function requestForm() {
    clearTimeout(dlg.timer);
    const seq = ++dlg.seq;
    const body = { values: currentValues() };
    if (dlg.connectionId) body.connectionId = dlg.connectionId;
    const resp = await api('POST', `/api/apps/${enc(dlg.appId)}/connection-form`, body);
    if (!dlg.open || seq !== dlg.seq) return;
    dlg.pending = false;
    dlg.renderedValues = body.values;
    if (!resp.ok || !resp.data || !Array.isArray(resp.data.fields)) {
      setResult({ kind: 'error', title: 'Could not load the form', text: describeError(resp) });
      return;
    }
    renderForm(resp.data);
  }

  function fieldDomId(id) {
    return `cf-${id}`;
  }

  function createField(field) {
    const domId = fieldDomId(field.id);
    const f = { id: field.id, type: field.type, group: field.group || '' };
    if (field.type === 'note') {
      f.label = h('div', { class: 'note-label' });
      f.text = h('div', { class: 'note-text', 'data-testid': `note-${field.id}` });
      f.wrap = h('div', { class: 'field field-note', 'data-field-id': field.id, 'data-testid': `field-${field.id}`, role: 'note' }, f.label, f.text);
      return f;
    }
    f.labelText = h('span');
    f.required = h('span', { class: 'required', 'aria-hidden': 'true', title: 'required' }, ' *');
    f.label = h('label', { for: domId }, f.labelText, f.required);
    if (field.type === 'select') {
      f.input = h('select', { id: domId, name: field.id, 'data-testid': `input-${field.id}` });
      f.input.addEventListener('change', () => {
        dlg.values[field.id] = f.input.value;
        dlg.touched.add(field.id);
        delete dlg.submitErrors[field.id];
        scheduleForm(true);
      });
    } else {
      f.input = h('input', {
        id: domId,
        name: field.id,
        type: field.type === 'password' ? 'password' : 'text',
        autocomplete: field.type === 'password' ? 'new-password' : 'off',
        spellcheck: 'false',
        'data-testid': `input-${field.id}`,
      });
      f.input.addEventListener('input', () => {
        dlg.values[field.id] = f.input.value;
        delete dlg.submitErrors[field.id];
        scheduleForm(false);
      });
      f.input.addEventListener('blur', () => {
        if (!dlg.open) return;
        dlg.touched.add(field.id);
        renderErrors();
      });
    }
    f.extra = h('div', { class: 'field-extra', 'data-testid': `extra-${field.id}` });
    f.help = h('div', { class: 'help', id: `${domId}-help` });
    f.error = h('div', { class: 'field-error', id: `${domId}-error`, 'data-testid': `error-${field.id}` });
    f.input.setAttribute('aria-describedby', `${domId}-error ${domId}-help`);
    f.wrap = h('div', { class: `field field-${field.type}`, 'data-field-id': field.id, 'data-testid': `field-${field.id}` }, f.label, f.input, f.extra, f.error, f.help);
    return f;
  }

  function sameOptions(select, options) {
    if (select.options.length !== options.length) return false;
    for (let i = 0; i < options.length; i++) {
      if (select.options[i].value !== options[i].value || select.options[i].textContent !== options[i].label) return false;
    }
    return true;
  }

  function updateField(f, field) {
    if (f.type === 'note') {
      f.label.textContent = field.label || '';
      f.text.textContent = field.value || field.help || '';
      f.wrap.hidden = !field.visible;
      return;
    }
    f.labelText.textContent = field.label || field.id;
    f.required.hidden = !field.required;
    f.input.required = Boolean(field.required);
    f.input.disabled = Boolean(field.disabled);
    f.help.textContent = field.help || '';
    f.help.hidden = !field.help;
    f.wrap.hidden = !field.visible;
    f.wrap.classList.toggle('is-disabled', Boolean(field.disabled));
    const focused = document.activeElement === f.input;

    if (field.type === 'password') {
      const stored = field.value === SECRET_MASK;
      f.input.placeholder = stored ? SECRET_MASK : '';
      f.extra.textContent = stored && !f.input.value ? 'A key is stored. Leave this empty to keep it, or type a new one.' : '';
      f.extra.hidden = !f.extra.textContent;
      // The input holds only what the user typed; the server never sends a secret back.
      if (!focused && f.input.value !== (dlg.values[field.id] || '')) f.input.value = dlg.values[field.id] || '';
      return;
    }
    f.extra.hidden = true;

    if (!dlg.initialised || dlg.values[field.id] === undefined) dlg.values[field.id] = field.value === undefined || field.value === null ? '' : String(field.value);

    if (field.type === 'select') {
      let options = Array.isArray(field.options) ? field.options.map((o) => ({ value: String(o.value), label: String(o.label) })) : [];
      if (!options.some((o) => o.value === '')) options = [{ value: '', label: field.required ? 'Choose…' : '—' }, ...options];
      if (!sameOptions(f.input, options)) {
        f.input.replaceChildren(...options.map((o) => h('option', { value: o.value }, o.label)));
      }
      const wanted = dlg.values[field.id];
      if (f.input.value !== wanted) f.input.value = wanted;
      // A value the server no longer offers cannot be shown, so it is not kept either.
      if (f.input.value !== wanted && field.visible) dlg.values[field.id] = f.input.value;
      return;
    }
    if (!focused && f.input.value !== dlg.values[field.id]) f.input.value = dlg.values[field.id];
  }

  function groupFor(name) {
    let g = dlg.groups.get(name);
    if (!g) {
      const body = h('div', { class: 'group-body' });
      const section = h('section', { class: 'form-group', 'data-group': name, 'data-testid': `group-${name || 'default'}` });
      if (name) section.append(h('h3', { class: 'group-title' }, name));
      section.append(body);
      g = { section, body };
      dlg.groups.set(name, g);
    }
    return g;
  }

  /** Places `node` as the index-th child of `parent`, moving it only when it is elsewhere. */
  function placeAt(parent, node, index) {
    if (parent.children[index] === node) return;
    parent.insertBefore(node, parent.children[index] || null);
  }

  function renderForm(form) {
    const container = $('connection-fields');
    const loading = container.querySelector('[data-testid="connection-loading"]');
    if (loading) loading.remove();
    dlg.form = form;

    const seen = new Set();
    const groupOrder = [];
    const perGroup = new Map();
    for (const field of form.fields) {
      seen.add(field.id);
      let f = dlg.fields.get(field.id);
      if (f && f.type !== field.type) {
        f.wrap.remove();
        f = undefined;
      }
      if (!f) {
        f = createField(field);
        dlg.fields.set(field.id, f);
      }
      f.group = field.group || '';
      updateField(f, field);
      if (!perGroup.has(f.group)) {
        perGroup.set(f.group, []);
        groupOrder.push(f.group);
      }
      perGroup.get(f.group).push({ f, visible: field.visible });
    }
    for (const [id, f] of dlg.fields) {
      if (!seen.has(id)) {
        f.wrap.remove();
        dlg.fields.delete(id);
      }
    }
    groupOrder.forEach((name, gi) => {
      const g = groupFor(name);
      placeAt(container, g.section, gi);
      const items = perGroup.get(name);
      items.forEach(({ f }, fi) => placeAt(g.body, f.wrap, fi));
      g.section.hidden = !items.some((item) => item.visible);
    });
    for (const [name, g] of dlg.groups) {
      if (!perGroup.has(name)) {
        g.section.remove();
        dlg.groups.delete(name);
      }
    }
    const first = !dlg.initialised;
    dlg.initialised = true;
    if (first) dlg.renderedValues = currentValues();
    renderErrors();
    if (first) {
      const target = [...dlg.fields.values()].find((f) => f.input && !f.wrap.hidden && !f.input.disabled);
      if (target) target.input.focus();
    }
  }

  function renderErrors() {
    const formErrors = (dlg.form && dlg.form.errors) || {};
    for (const [id, f] of dlg.fields) {
      if (!f.error) continue;
      let message = '';
      if (!f.wrap.hidden) {
        const show = dlg.submitted || dlg.touched.has(id);
        const current = f.type === 'password' ? (dlg.values[id] || undefined) : (dlg.values[id] === undefined ? '' : dlg.values[id]);
        const stale = dlg.initialised && dlg.renderedValues[id] !== current;
        if (show && formErrors[id] && !stale) message = formErrors[id];
        else if (dlg.submitErrors[id]) message = dlg.submitErrors[id];
      }
      f.error.textContent = message;
      f.error.hidden = !message;
      f.wrap.classList.toggle('has-error', Boolean(message));
      if (message) f.input.setAttribute('aria-invalid', 'true');
      else f.input.removeAttribute('aria-invalid');
    }
  }

  /** result: null | { kind: 'pending'|'success'|'error'|'warning', title?, text, failureKind?, details? } */
  function setResult(result) {
    const el = $('connection-result');
    if (!result) {
      el.hidden = true;
      el.replaceChildren();
      delete el.dataset.state;
      delete el.dataset.kind;
      return;
    }
    el.hidden = false;
    el.className = `result result-${result.kind}${result.failureKind ? ` kind-${result.failureKind}` : ''}`;
    el.dataset.state = result.kind;
    if (result.failureKind) el.dataset.kind = result.failureKind;
    else delete el.dataset.kind;
    el.replaceChildren(
      result.title ? h('div', { class: 'result-title', 'data-testid': 'connection-result-title' }, result.title) : null,
      h('div', { class: 'result-text', 'data-testid': 'connection-result-text' }, result.text),
      result.details ? h('div', { class: 'result-details' }, result.details) : null,
    );
    // Keep the outcome in view above the sticky buttons.
    el.scrollIntoView({ block: 'nearest' });
  }

  function testDetails(test) {
    const parts = [];
    if (typeof test.latencyMs === 'number') parts.push(`${Math.round(test.latencyMs)} ms`);
    if (test.processId) parts.push(`CartRover process id ${test.processId}`);
    return parts.join(' · ');
  }

  function failureResult(test) {
    return {
      kind: 'error',
      failureKind: test.kind || 'internal',
      title: KIND_TITLES[test.kind] || 'The test failed',
      text: test.message || 'The connection test failed.',
      details: testDetails(test),
    };
  }

  function setDialogBusy(busy) {
    dlg.busy = busy;
    $('connection-test').disabled = busy;
    $('connection-save').disabled = busy;
    $('connection-dialog').classList.toggle('is-busy', busy);
  }

  function focusFirstError() {
    for (const f of dlg.fields.values()) {
      if (f.error && !f.error.hidden && f.input) {
        f.input.focus();
        return;
      }
    }
  }

  /** Brings the rendered form up to date with what the user typed (before Test and Save). */
  async function flushForm() {
    if (dlg.pending) await requestForm();
  }

  async function testDialogConnection() {
    if (dlg.busy) return;
    await flushForm();
    if (!dlg.open) return;
    dlg.submitted = true;
    renderErrors();
    setDialogBusy(true);
    setResult({ kind: 'pending', text: 'Testing your connection…' });
    const body = { appId: dlg.appId, values: currentValues() };
    if (dlg.connectionId) body.connectionId = dlg.connectionId;
    const resp = await api('POST', '/api/connections/test', body);
    if (!dlg.open) return;
    setDialogBusy(false);
    if (!resp.ok || !resp.data) {
      setResult({ kind: 'error', title: 'The test could not run', text: describeError(resp) });
      return;
    }
    const test = resp.data;
    if (test.ok) {
      setResult({ kind: 'success', title: 'Connection is working', text: test.message || 'Your connection is working great!', details: testDetails(test) });
      return;
    }
    if (test.errors) {
      dlg.submitErrors = { ...test.errors };
      renderErrors();
    }
    setResult(failureResult(test));
  }

  async function saveDialogConnection(saveOnFailedTest) {
    if (dlg.busy) return;
    await flushForm();
    if (!dlg.open) return;
    dlg.submitted = true;
    renderErrors();
    setDialogBusy(true);
    setResult({ kind: 'pending', text: saveOnFailedTest ? 'Saving your connection…' : 'Testing your connection…' });
    // POST takes { appId, values, integrationId?, saveOnFailedTest? }; PUT only { values, saveOnFailedTest? }.
    const body = dlg.connectionId ? { values: currentValues() } : { appId: dlg.appId, values: currentValues() };
    if (dlg.integrationId && !dlg.connectionId) body.integrationId = dlg.integrationId;
    if (saveOnFailedTest) body.saveOnFailedTest = true;
    const resp = dlg.connectionId
      ? await api('PUT', `/api/connections/${enc(dlg.connectionId)}`, body)
      : await api('POST', '/api/connections', body);
    if (!dlg.open) return;
    setDialogBusy(false);
    const data = resp.data || {};
    if (resp.ok) {
      const connection = data.connection || data;
      const onSaved = dlg.onSaved;
      closeConnectionDialog();
      if (onSaved) await onSaved(connection, data.test);
      return;
    }
    if (resp.status === 422) {
      dlg.submitErrors = data.errors && typeof data.errors === 'object' && !Array.isArray(data.errors) ? { ...data.errors } : {};
      renderErrors();
      setResult({ kind: 'error', failureKind: 'config', title: KIND_TITLES.config, text: data.message || 'Some values are not valid. Correct the highlighted fields and save again.' });
      focusFirstError();
      return;
    }
    if (resp.status === 409 && data.error === 'test_failed') {
      const test = data.test || {};
      setResult(failureResult(test));
      const message = String(test.message || 'unknown error').replace(/\.\s*$/, '');
      const confirmed = await confirmDialog({
        title: 'Confirm save',
        text: `Are you sure you want to save this connection? Test connection failed with the following error: ${message}.`,
        okLabel: 'Save',
        cancelLabel: 'Cancel',
      });
      if (confirmed && dlg.open) await saveDialogConnection(true);
      return;
    }
    setResult({ kind: 'error', title: 'Not saved', text: describeError(resp) });
  }

  // ---------------------------------------------------------------- integrations

  function renderIntegrations() {
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
          h('span', { class: 'reg-name' }, c ? c.name : cid),
          c ? h('span', { class: 'subtle' }, ` ${appName(c.appId)}`) : null,
          c ? h('span', { class: `badge ${c.offline ? 'badge-offline' : 'badge-online'}` }, c.offline ? 'Offline' : 'Online') : null,
          h('button', { type: 'button', class: 'small', 'data-testid': 'deregister-connection', onclick: () => deregister(integration, cid) }, 'Deregister')));
      }
      const candidates = state.connections.filter((c) => !ids.includes(c.id));
      const select = h('select', { 'aria-label': `Connection to register to ${integration.name}`, 'data-testid': 'register-select', name: `register.${integration.id}` },
        h('option', { value: '' }, candidates.length ? 'Choose a connection…' : 'No other connections'),
        ...candidates.map((c) => h('option', { value: c.id }, `${c.name}${c.offline ? ' (offline)' : ''}`)));
      const registerButton = h('button', { type: 'button', 'data-testid': 'register-connection', disabled: candidates.length === 0, onclick: () => register(integration, select.value) }, 'Register');
      const message = state.integrationMessages.get(integration.id);
      list.append(h('article', { class: 'integration', 'data-testid': 'integration', 'data-integration-id': integration.id, 'data-integration-name': integration.name },
        h('h3', null, integration.name),
        ids.length ? h('div', { class: 'subtle' }, plural(ids.length, 'registered connection')) : null,
        registered,
        h('div', { class: 'inline-form' }, select, registerButton),
        message ? h('div', { class: `message message-${message.kind}`, 'data-testid': 'integration-message' }, message.text) : null));
    }
  }

  function setIntegrationMessage(id, text, kind) {
    if (text) state.integrationMessages.set(id, { text, kind });
    else state.integrationMessages.delete(id);
  }

  async function createIntegration(event) {
    event.preventDefault();
    const input = $('new-integration-name');
    const name = input.value.trim();
    const resp = await api('POST', '/api/integrations', { name });
    if (!resp.ok) {
      showMessage($('integrations-message'), describeError(resp, 'The integration could not be created.'), 'error');
      return;
    }
    input.value = '';
    showMessage($('integrations-message'), `Created integration “${resp.data && resp.data.name ? resp.data.name : name}”.`, 'success');
    await loadIntegrations();
    const flowIntegration = $('flow-integration');
    if (!flowIntegration.value && resp.data && resp.data.id) {
      flowIntegration.value = resp.data.id;
      refreshStepConnections();
    }
  }

  async function register(integration, connectionId) {
    if (!connectionId) {
      setIntegrationMessage(integration.id, 'Choose a connection to register first.', 'error');
      renderIntegrations();
      return;
    }
    const resp = await api('PUT', `/api/integrations/${enc(integration.id)}/connections/register`, [connectionId]);
    setIntegrationMessage(integration.id, resp.ok ? `Registered “${connectionName(connectionId)}”.` : describeError(resp), resp.ok ? 'success' : 'error');
    await loadIntegrations();
  }

  async function deregister(integration, connectionId) {
    const resp = await api('DELETE', `/api/integrations/${enc(integration.id)}/connections/${enc(connectionId)}/register`);
    setIntegrationMessage(integration.id, resp.ok ? `Deregistered “${connectionName(connectionId)}”.` : describeError(resp), resp.ok ? 'success' : 'error');
    await loadIntegrations();
  }

  // ---------------------------------------------------------------- flow editor

  const steps = {
    source: { role: 'source', title: 'Source', appId: '', operation: '', connectionId: '', config: {}, configMode: 'form', ops: [], dom: null },
    destination: { role: 'destination', title: 'Destination', appId: '', operation: '', connectionId: '', config: {}, configMode: 'form', ops: [], dom: null },
  };

  function buildStep(step) {
    const root = $(`step-${step.role}`);
    const p = step.role;
    const app = h('select', { id: `${p}-app`, name: `${p}.appId`, 'data-testid': `${p}-app` });
    const operation = h('select', { id: `${p}-operation`, name: `${p}.operation`, 'data-testid': `${p}-operation`, disabled: true });
    const connection = h('select', { id: `${p}-connection`, name: `${p}.connectionId`, 'data-testid': `${p}-connection` });
    const plus = h('button', { type: 'button', class: 'icon-button', title: 'New connection', 'aria-label': `New ${step.title.toLowerCase()} connection`, 'data-testid': `${p}-new-connection` }, '+');
    const connectionHint = h('div', { class: 'help', 'data-testid': `${p}-connection-hint` });
    const connectionField = h('div', { class: 'field', 'data-testid': `${p}-connection-field` },
      h('label', { for: `${p}-connection` }, 'Connection'),
      h('div', { class: 'with-button' }, connection, plus),
      connectionHint);
    const opDescription = h('div', { class: 'help', 'data-testid': `${p}-operation-help` });
    const config = h('div', { class: 'config', 'data-testid': `${p}-config` });
    root.append(
      h('div', { class: 'field' }, h('label', { for: `${p}-app` }, 'Application'), app),
      connectionField,
      h('div', { class: 'field' }, h('label', { for: `${p}-operation` }, 'Operation'), operation, opDescription),
      h('div', { class: 'config-wrap' }, h('div', { class: 'config-title' }, 'Settings'), config),
    );
    step.dom = { app, operation, connection, plus, connectionField, connectionHint, opDescription, config };

    app.addEventListener('change', () => selectStepApp(step, app.value));
    operation.addEventListener('change', () => {
      step.operation = operation.value;
      step.config = {};
      renderStepOperation(step);
    });
    connection.addEventListener('change', () => {
      step.connectionId = connection.value;
    });
    plus.addEventListener('click', () => newConnectionForStep(step));
  }

  function renderStepApps(step) {
    const apps = allApps().filter((a) => (a.roles || []).includes(step.role));
    const select = step.dom.app;
    const current = step.appId;
    select.replaceChildren(h('option', { value: '' }, 'Choose an application…'), ...apps.map((a) => h('option', { value: a.id }, a.name)));
    select.value = current;
  }

  async function selectStepApp(step, appId) {
    step.appId = appId;
    step.operation = '';
    step.connectionId = '';
    step.config = {};
    step.ops = [];
    const { operation } = step.dom;
    operation.replaceChildren(h('option', { value: '' }, appId ? 'Loading…' : 'Choose an application first'));
    operation.disabled = true;
    refreshStepConnections();
    renderStepOperation(step);
    if (!appId) return;
    try {
      const ops = (await loadOperations(appId)).filter((o) => !o.role || o.role === step.role);
      if (step.appId !== appId) return;
      step.ops = ops;
      operation.replaceChildren(h('option', { value: '' }, 'Choose an operation…'), ...ops.map((o) => h('option', { value: o.id }, o.name && o.name !== o.id ? `${o.name} (${o.id})` : o.id)));
      operation.disabled = false;
      if (ops.length === 1) {
        operation.value = ops[0].id;
        step.operation = ops[0].id;
      }
      renderStepOperation(step);
    } catch (error) {
      operation.replaceChildren(h('option', { value: '' }, 'Operations unavailable'));
      showMessage($('flow-form-message'), error.message, 'error');
    }
  }

  function refreshStepConnections() {
    for (const step of Object.values(steps)) {
      if (!step.dom) continue;
      const { connection, connectionField, connectionHint, plus } = step.dom;
      const show = needsConnection(step.appId);
      connectionField.hidden = !show;
      if (!show) continue;
      const integrationId = $('flow-integration').value;
      const integration = state.integrations.find((i) => i.id === integrationId);
      const ids = integration ? integration.connectionIds || [] : [];
      const candidates = state.connections.filter((c) => ids.includes(c.id) && c.appId === step.appId);
      connection.replaceChildren(
        h('option', { value: '' }, candidates.length ? 'Choose a connection…' : 'No connections'),
        ...candidates.map((c) => h('option', { value: c.id }, `${c.name}${c.offline ? ' (offline)' : ''}`)));
      if (step.connectionId && !candidates.some((c) => c.id === step.connectionId)) step.connectionId = '';
      connection.value = step.connectionId;
      plus.disabled = false;
      if (!integration) connectionHint.textContent = 'Choose the integration first: a flow step uses the connections registered to it.';
      else if (candidates.length === 0) connectionHint.textContent = `No ${appName(step.appId)} connection is registered to “${integration.name}”. Create one with +, or register one under Integrations.`;
      else connectionHint.textContent = `Connections registered to “${integration.name}”.`;
    }
  }

  function newConnectionForStep(step) {
    const integrationId = $('flow-integration').value;
    if (!integrationId) {
      showMessage($('flow-form-message'), 'Choose the integration first: the new connection is registered to it.', 'error');
      $('flow-integration').focus();
      return;
    }
    const appId = step.appId;
    openConnectionDialog({
      appId,
      integrationId,
      context: `For the ${step.title.toLowerCase()} step: the connection is registered to “${integrationName(integrationId)}” and used by this step.`,
      onSaved: async (connection, test) => {
        await loadConnections();
        await loadIntegrations();
        let integration = state.integrations.find((i) => i.id === integrationId);
        if (connection && connection.id && integration && !(integration.connectionIds || []).includes(connection.id)) {
          const resp = await api('PUT', `/api/integrations/${enc(integrationId)}/connections/register`, [connection.id]);
          if (!resp.ok) showMessage($('flow-form-message'), `Saved, but could not register it: ${describeError(resp)}`, 'error');
          await loadIntegrations();
          integration = state.integrations.find((i) => i.id === integrationId);
        }
        if (connection && connection.id && step.appId === appId) {
          step.connectionId = connection.id;
          refreshStepConnections();
        }
        const offline = connection && connection.offline;
        showMessage($('flow-form-message'), `Saved “${connection ? connection.name : 'connection'}” and applied it to the ${step.title.toLowerCase()} step.${offline ? ` It is offline${test && test.message ? `: ${test.message}` : '.'}` : ''}`, offline ? 'warning' : 'success');
      },
    });
  }

  function renderStepOperation(step) {
    const { config, opDescription } = step.dom;
    const op = step.ops.find((o) => o.id === step.operation);
    opDescription.textContent = op && op.description ? op.description : '';
    config.replaceChildren();
    if (!op) {
      config.append(h('p', { class: 'subtle' }, step.appId ? 'Choose an operation.' : 'Choose an application.'));
      return;
    }
    const schema = op.configSchema || { type: 'object', properties: {} };
    if (step.configMode === 'form' && formableSchema(schema)) buildConfigForm(step, schema);
    else buildConfigJson(step, schema);
  }

  function propertyKind(prop) {
    if (!prop || typeof prop !== 'object') return undefined;
    const type = Array.isArray(prop.type) ? prop.type.find((t) => t !== 'null') : prop.type;
    if (Array.isArray(prop.enum) && prop.enum.every((v) => typeof v === 'string')) return 'enum';
    if (type === 'string') return 'string';
    if (type === 'boolean') return 'boolean';
    if (type === 'integer' || type === 'number') return type;
    if (type === 'array' && prop.items && (prop.items.type === 'string' || (Array.isArray(prop.items.enum) && prop.items.enum.every((v) => typeof v === 'string')))) return 'strings';
    return undefined;
  }

  function formableSchema(schema) {
    if (!schema || (schema.type && schema.type !== 'object')) return false;
    const props = schema.properties || {};
    return Object.values(props).every((p) => propertyKind(p) !== undefined);
  }

  function buildConfigForm(step, schema) {
    const { config } = step.dom;
    const props = schema.properties || {};
    const required = new Set(schema.required || []);
    const names = Object.keys(props);
    if (names.length === 0) config.append(h('p', { class: 'subtle', 'data-testid': `${step.role}-config-none` }, 'No settings needed.'));
    for (const name of names) {
      const prop = props[name];
      const kind = propertyKind(prop);
      const id = `${step.role}-config-${name}`;
      const label = prop.title || humanize(name);
      const value = step.config[name];
      let input;
      if (kind === 'enum') {
        input = h('select', { id, name: `${step.role}.config.${name}`, 'data-testid': id },
          h('option', { value: '' }, prop.default !== undefined ? `Default (${prop.default})` : '—'),
          ...prop.enum.map((v) => h('option', { value: v }, v)));
        input.value = value === undefined ? '' : String(value);
        input.addEventListener('change', () => setConfig(step, name, input.value === '' ? undefined : input.value));
      } else if (kind === 'boolean') {
        input = h('input', { id, type: 'checkbox', name: `${step.role}.config.${name}`, 'data-testid': id });
        input.checked = value === undefined ? prop.default === true : Boolean(value);
        input.addEventListener('change', () => setConfig(step, name, input.checked));
      } else if (kind === 'integer' || kind === 'number') {
        input = h('input', { id, type: 'number', name: `${step.role}.config.${name}`, 'data-testid': id, step: kind === 'integer' ? '1' : 'any', min: prop.minimum, max: prop.maximum, placeholder: prop.default !== undefined ? String(prop.default) : '' });
        input.value = value === undefined ? '' : String(value);
        input.addEventListener('input', () => setConfig(step, name, input.value === '' ? undefined : Number(input.value)));
      } else if (kind === 'strings') {
        const allowed = prop.items.enum;
        input = h('input', { id, name: `${step.role}.config.${name}`, 'data-testid': id, autocomplete: 'off', list: step.appId === FILE_APP.id && name === 'name' ? 'file-names' : undefined, placeholder: allowed ? allowed.join(', ') : 'comma-separated values' });
        input.value = Array.isArray(value) ? value.join(', ') : '';
        input.addEventListener('input', () => {
          const list = input.value.split(',').map((s) => s.trim()).filter(Boolean);
          setConfig(step, name, list.length ? list : undefined);
        });
      } else {
        input = h('input', { id, name: `${step.role}.config.${name}`, 'data-testid': id, autocomplete: 'off', list: step.appId === FILE_APP.id && name === 'name' ? 'file-names' : undefined, placeholder: prop.default !== undefined ? String(prop.default) : (prop.format === 'date-time' ? 'e.g. 2024-01-31T00:00:00Z' : '') });
        input.value = value === undefined ? '' : String(value);
        input.addEventListener('input', () => setConfig(step, name, input.value === '' ? undefined : input.value));
      }
      const labelEl = h('label', { for: id }, label, required.has(name) ? h('span', { class: 'required', 'aria-hidden': 'true' }, ' *') : null);
      const wrap = kind === 'boolean'
        ? h('div', { class: 'field field-checkbox' }, input, labelEl)
        : h('div', { class: 'field' }, labelEl, input);
      if (prop.description) wrap.append(h('div', { class: 'help' }, prop.description));
      config.append(wrap);
    }
    config.append(h('button', { type: 'button', class: 'link', 'data-testid': `${step.role}-config-json-toggle`, onclick: () => { step.configMode = 'json'; renderStepOperation(step); } }, 'Edit as JSON'));
  }

  /** `fromDate` -> "From date", `page_size` -> "Page size". */
  function humanize(name) {
    const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_.-]+/g, ' ').trim().toLowerCase();
    return words.charAt(0).toUpperCase() + words.slice(1);
  }

  function setConfig(step, name, value) {
    if (value === undefined) delete step.config[name];
    else step.config[name] = value;
  }

  function buildConfigJson(step, schema) {
    const { config } = step.dom;
    const id = `${step.role}-config-json`;
    const area = h('textarea', { id, name: `${step.role}.config`, rows: '5', spellcheck: 'false', 'data-testid': id });
    area.value = JSON.stringify(step.config, null, 2);
    const error = h('div', { class: 'field-error', hidden: true });
    area.addEventListener('input', () => {
      try {
        const parsed = area.value.trim() ? JSON.parse(area.value) : {};
        if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('The settings must be a JSON object.');
        step.config = parsed;
        step.configError = undefined;
        error.hidden = true;
      } catch (e) {
        step.configError = `Settings: ${e.message}`;
        error.textContent = step.configError;
        error.hidden = false;
      }
    });
    config.append(h('div', { class: 'field' }, h('label', { for: id }, 'Settings (JSON)'), area, error));
    if (formableSchema(schema)) {
      config.append(h('button', { type: 'button', class: 'link', onclick: () => { if (!step.configError) { step.configMode = 'form'; renderStepOperation(step); } } }, 'Edit as form'));
    }
  }

  function renderFlowIntegrationOptions() {
    const select = $('flow-integration');
    const current = select.value;
    select.replaceChildren(h('option', { value: '' }, state.integrations.length ? 'Choose an integration…' : 'Create an integration first'),
      ...state.integrations.map((i) => h('option', { value: i.id }, i.name)));
    select.value = current;
  }

  function stepPayload(step) {
    const out = { appId: step.appId, operation: step.operation, config: { ...step.config } };
    if (needsConnection(step.appId) && step.connectionId) out.connectionId = step.connectionId;
    return out;
  }

  async function createFlow(event) {
    event.preventDefault();
    const message = $('flow-form-message');
    for (const step of Object.values(steps)) {
      if (step.configError) {
        showMessage(message, `${step.title} ${step.configError}`, 'error');
        return;
      }
    }
    const body = {
      integrationId: $('flow-integration').value,
      name: $('flow-name').value.trim(),
      source: stepPayload(steps.source),
      destination: stepPayload(steps.destination),
    };
    const resp = await api('POST', '/api/flows', body);
    if (!resp.ok) {
      showMessage(message, describeError(resp, 'The flow could not be created.'), 'error');
      return;
    }
    showMessage(message, `Created flow “${(resp.data && resp.data.name) || body.name}”. Run it from the list below.`, 'success');
    await loadFlows();
  }

  // ---------------------------------------------------------------- flows list and runs

  function stepSummary(step) {
    if (!step) return '';
    const parts = [appName(step.appId), step.operation];
    if (step.connectionId) parts.push(`via ${connectionName(step.connectionId)}`);
    if (step.config && step.config.name && step.appId === FILE_APP.id) parts.push(step.config.name);
    return parts.filter(Boolean).join(' · ');
  }

  function runView(run) {
    if (!run) return h('span', { class: 'subtle', 'data-testid': 'flow-run-status' }, 'Not run yet');
    if (run.error) return h('div', { class: 'message message-error', 'data-testid': 'flow-run-status', 'data-status': 'error' }, run.error);
    const status = run.status || 'running';
    const wrap = h('div', { class: `run run-${status}`, 'data-testid': 'flow-run-status', 'data-status': status },
      h('span', { class: `badge badge-${status}` }, status === 'running' ? 'Running…' : status === 'succeeded' ? 'Succeeded' : status === 'failed' ? 'Failed' : status),
      ' ',
      h('span', { class: 'counts', 'data-testid': 'flow-run-counts' },
        h('span', { 'data-testid': 'run-read', 'data-count': String(run.read || 0) }, `read ${run.read || 0}`), ' · ',
        h('span', { 'data-testid': 'run-written', 'data-count': String(run.written || 0) }, `written ${run.written || 0}`), ' · ',
        h('span', { 'data-testid': 'run-failed', 'data-count': String(run.failed || 0) }, `failed ${run.failed || 0}`)));
    const errors = Array.isArray(run.errors) ? run.errors : [];
    if (errors.length) {
      const shown = errors.slice(0, 20);
      wrap.append(h('ul', { class: 'run-errors', 'data-testid': 'flow-run-errors' },
        ...shown.map((e) => h('li', null, typeof e === 'string' ? e : `${e.custRef ? `${e.custRef}: ` : typeof e.index === 'number' ? `record ${e.index + 1}: ` : ''}${e.message || JSON.stringify(e)}`)),
        errors.length > shown.length ? h('li', { class: 'subtle' }, `… and ${errors.length - shown.length} more`) : null));
    }
    if (run.skipped) wrap.querySelector('.counts').append(' · ', h('span', { 'data-testid': 'run-skipped', 'data-count': String(run.skipped) }, `skipped ${run.skipped}`));
    if (run.message && status !== 'running') wrap.append(h('div', { class: status === 'failed' ? 'run-message error-text' : 'run-message subtle', 'data-testid': 'flow-run-message' }, run.message));
    return wrap;
  }

  function renderFlows() {
    const body = $('flows-body');
    body.replaceChildren();
    $('flows-empty').hidden = state.flows.length > 0;
    for (const flow of state.flows) {
      const run = state.runs.get(flow.id);
      const running = run && !run.error && (run.status === 'running' || !run.status);
      body.append(h('tr', { 'data-testid': 'flow-row', 'data-flow-id': flow.id, 'data-flow-name': flow.name },
        h('td', { class: 'name-cell' }, flow.name),
        h('td', null, integrationName(flow.integrationId)),
        h('td', null, stepSummary(flow.source)),
        h('td', null, stepSummary(flow.destination)),
        h('td', { class: 'run-cell' }, runView(run)),
        h('td', { class: 'actions' }, h('button', { type: 'button', class: 'primary', 'data-testid': 'flow-run', disabled: Boolean(running), onclick: () => runFlow(flow) }, running ? 'Running…' : 'Run'))));
    }
  }

  async function runFlow(flow) {
    state.runs.set(flow.id, { status: 'running', read: 0, written: 0, failed: 0, errors: [] });
    renderFlows();
    const resp = await api('POST', `/api/flows/${enc(flow.id)}/run`);
    if (!resp.ok || !resp.data || !resp.data.runId) {
      state.runs.set(flow.id, { error: describeError(resp, 'The flow could not be started.') });
      renderFlows();
      return;
    }
    const runId = resp.data.runId;
    let failures = 0;
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      const poll = await api('GET', `/api/flows/${enc(flow.id)}/runs/${enc(runId)}`);
      if (!poll.ok) {
        failures++;
        if (failures >= 5) {
          state.runs.set(flow.id, { error: `Lost track of the run: ${describeError(poll)}` });
          renderFlows();
          return;
        }
        continue;
      }
      failures = 0;
      state.runs.set(flow.id, poll.data);
      renderFlows();
      if (poll.data.status !== 'running') {
        loadConnections();
        loadFileNames();
        return;
      }
    }
  }

  // ---------------------------------------------------------------- files

  function exampleOrders() {
    const stamp = Date.now().toString(36).toUpperCase();
    const lines = [1, 2, 3].map((n) => JSON.stringify({
      cust_ref: `WEB-${stamp}-${n}`,
      ship_first_name: 'Ada',
      ship_last_name: `Example ${n}`,
      ship_address_1: `${100 + n} Main Street`,
      ship_city: 'Springfield',
      ship_state: 'IL',
      ship_zip: '62701',
      ship_country: 'US',
      items: [{ item: `CIO-${1000 + n}`, quantity: n }],
    }));
    return `${lines.join('\n')}\n`;
  }

  function checkNdjson(text) {
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i].trim();
      if (!line) continue;
      try {
        JSON.parse(line);
      } catch (error) {
        return `Line ${i + 1} is not valid JSON (${error.message}).`;
      }
    }
    return undefined;
  }

  async function uploadFile(event) {
    event.preventDefault();
    const name = $('file-name').value.trim();
    const content = $('file-content').value;
    const message = $('file-message');
    if (!name) {
      showMessage(message, 'Enter a file name, e.g. orders.ndjson.', 'error');
      return;
    }
    const problem = checkNdjson(content);
    if (problem) {
      showMessage(message, problem, 'error');
      return;
    }
    const resp = await api('PUT', `/api/files/${enc(name)}`, content, { contentType: 'application/x-ndjson' });
    if (!resp.ok) {
      showMessage(message, describeError(resp, 'The file could not be uploaded.'), 'error');
      return;
    }
    const records = content.split('\n').filter((l) => l.trim()).length;
    showMessage(message, `Uploaded “${name}” (${plural(records, 'record')}).`, 'success');
    loadFileNames();
  }

  async function loadFile() {
    const name = $('file-name').value.trim();
    const message = $('file-message');
    if (!name) {
      showMessage(message, 'Enter the name of the file to load.', 'error');
      return;
    }
    const resp = await api('GET', `/api/files/${enc(name)}`, undefined, { raw: true });
    if (!resp.ok) {
      showMessage(message, describeError(resp, `The file “${name}” could not be loaded.`), 'error');
      return;
    }
    $('file-content').value = resp.data;
    showMessage(message, `Loaded “${name}”.`, 'success');
  }

  // ---------------------------------------------------------------- start

  function init() {
    $('new-connection').addEventListener('click', () => {
      showMessage($('connections-message'), '');
      openConnectionDialog({ appId: 'cartrover', onSaved: afterListSave });
    });
    $('connection-test').addEventListener('click', testDialogConnection);
    $('connection-save').addEventListener('click', () => saveDialogConnection(false));
    $('connection-cancel').addEventListener('click', closeConnectionDialog);
    $('connection-dialog').addEventListener('cancel', (event) => {
      event.preventDefault();
      closeConnectionDialog();
    });
    $('connection-form').addEventListener('submit', (event) => event.preventDefault());
    $('new-integration-form').addEventListener('submit', createIntegration);
    $('flow-form').addEventListener('submit', createFlow);
    $('flow-integration').addEventListener('change', refreshStepConnections);
    $('file-form').addEventListener('submit', uploadFile);
    $('file-load').addEventListener('click', loadFile);
    $('file-example').addEventListener('click', () => {
      $('file-content').value = exampleOrders();
    });
    buildStep(steps.source);
    buildStep(steps.destination);
    renderFlowIntegrationOptions();

    (async () => {
      await Promise.all([loadHealth(), loadApps()]);
      renderStepApps(steps.source);
      renderStepApps(steps.destination);
      await Promise.all([loadConnections(), loadIntegrations(), loadFlows(), loadFileNames()]);
      refreshStepConnections();
      renderStepOperation(steps.source);
      renderStepOperation(steps.destination);
      document.body.dataset.ready = 'true';
    })();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
