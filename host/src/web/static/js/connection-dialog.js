/*
 * The connection dialog (New connection / Edit). The server is the single source of truth for what
 * the form shows and whether it is valid: the dialog posts the values it has to
 * /api/apps/:appId/connection-form on open and on every change, and renders the fields it gets
 * back, updating the inputs in place so focus and caret stay where the user left them. No secret is
 * ever written into the DOM: the key input only holds what the user types; a stored key is a
 * placeholder.
 */
import { api, describeError, enc, fieldMessages } from './api.js';
import { $, confirmDialog, h } from './dom.js';
import { appName, borrowersOf, connectionById, connectionName, poolOf } from './state.js';
import { whenPointerFree } from './pointer-guard.js';
import { hostOnline } from './status.js';

/** A failed test's kind, as a title. */
const KIND_TITLES = {
  auth: 'Credentials refused',
  network: 'Network problem',
  timeout: 'Timed out',
  rate_limit: 'Rate limited',
  config: 'Check the highlighted fields',
  busy: 'Connection busy',
  internal: 'Internal error',
};

/** The title of a failed test's kind for a connection of this app (the app's name comes from the host's app list), or undefined. */
export function kindTitle(kind, appId) {
  return kind === 'server' ? `${appName(appId)} reported an error` : KIND_TITLES[kind];
}

const DEBOUNCE_MS = 150;

const dlg = {
  open: false,
  appId: undefined,
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

/** For an existing connection: whom it lends to or borrows from, and how busy its pool is now. */
function sharingNote(connectionId) {
  const connection = connectionById(connectionId);
  if (!connection) return '';
  const pool = poolOf(connectionId);
  const load = pool ? ` The pool has ${pool.inFlight} of ${pool.level} requests in use${pool.queued ? ` and ${pool.queued} waiting` : ''}.` : '';
  if (connection.borrowConcurrencyFrom) return `Borrows concurrency from “${connectionName(connection.borrowConcurrencyFrom)}”.${load}`;
  const borrowers = borrowersOf(connectionId);
  if (borrowers.length === 0) return '';
  return `Lends its concurrency to ${borrowers.map((b) => `“${b.name}”`).join(', ')}: a lower level slows them down too.${load}`;
}

export function openConnectionDialog({ appId, connectionId, integrationId, context, onSaved }) {
  const dialog = $('connection-dialog');
  dlg.open = true;
  dlg.appId = appId;
  dlg.connectionId = connectionId;
  // The version the user starts editing from: a save over someone else's change answers 412.
  dlg.version = connectionId && connectionById(connectionId) ? connectionById(connectionId).version : undefined;
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
  const sharing = connectionId ? sharingNote(connectionId) : '';
  const note = [context, sharing].filter(Boolean).join(' ');
  ctx.hidden = !note;
  ctx.textContent = note;
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
    const loading = $('connection-fields').querySelector('[data-testid="connection-loading"]');
    if (loading) loading.remove();
    setResult({ kind: 'error', title: 'The form could not be loaded', text: describeError(resp, 'Close the dialog and try again.') });
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
  // Help is a one-line hint; the rest opens below it on demand, so the dialog fits without
  // scrolling and nothing above the pointer moves (issue 15: help blocks made it scroll).
  f.helpHint = h('summary', { class: 'help-hint', title: 'More about this field' });
  f.helpFull = h('div', { class: 'help-full' });
  f.help = h('details', { class: 'help', id: `${domId}-help` }, f.helpHint, f.helpFull);
  // The error goes below the help: a blur that shows it must not shift the hint being clicked.
  f.helpHint.addEventListener('click', (event) => {
    if (!f.helpFull.textContent) event.preventDefault(); // a one-sentence help has nothing more to open
  });
  f.error = h('div', { class: 'field-error', id: `${domId}-error`, 'data-testid': `error-${field.id}` });
  f.input.setAttribute('aria-describedby', `${domId}-error ${domId}-help`);
  // Shown instead of the field while other choices hide it but it still holds a value.
  f.ignored = h('div', { class: 'field-ignored', role: 'note', 'data-testid': `ignored-${field.id}` });
  f.wrap = h('div', { class: `field field-${field.type}`, 'data-field-id': field.id, 'data-testid': `field-${field.id}` }, f.label, f.input, f.extra, f.help, f.error, f.ignored);
  return f;
}

/** "First sentence. The rest…" -> hint and rest; text of one sentence is all hint. */
function splitHelp(text) {
  const end = text.search(/[.!?](\s|$)/);
  if (end < 0 || end + 1 >= text.trim().length) return { hint: text.trim(), rest: '' };
  return { hint: text.slice(0, end + 1).trim(), rest: text.slice(end + 1).trim() };
}

/** Updates the help only when its text changed, so a re-render keeps it open or closed. */
function showHelp(f, text) {
  f.help.hidden = !text;
  if (f.helpText === text) return;
  f.helpText = text;
  const { hint, rest } = splitHelp(text);
  f.helpHint.textContent = hint;
  f.helpFull.textContent = rest;
  f.help.classList.toggle('is-short', !rest);
  if (!rest) f.help.open = false;
}

function sameOptions(select, options) {
  if (select.options.length !== options.length) return false;
  for (let i = 0; i < options.length; i++) {
    if (select.options[i].value !== options[i].value || select.options[i].textContent !== options[i].label) return false;
  }
  return true;
}

/** The label of what a field holds: a select's option label, else the text itself. */
function chosenLabel(f, value) {
  if (f.type === 'select') {
    const option = [...f.input.options].find((o) => o.value === value);
    if (option) return option.textContent;
  }
  return value;
}

/**
 * A field the user saw, gave a value and that the server now hides (the level, once a lender is
 * chosen) says that its value is ignored, where the field was: nothing the user typed vanishes
 * silently. An empty value (a default) has nothing to say.
 */
function showIgnored(f, field) {
  const value = dlg.values[field.id];
  const ignored = !field.visible && f.everShown === true && typeof value === 'string' && value !== '' && f.type !== 'password';
  if (field.visible) f.everShown = true;
  f.wrap.classList.toggle('is-ignored', ignored);
  f.ignored.textContent = ignored ? `The “${field.label || field.id}” you chose (${chosenLabel(f, value)}) is ignored while the choices above hide it.` : '';
  f.wrap.hidden = !field.visible && !ignored;
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
  showHelp(f, field.help || '');
  f.wrap.hidden = !field.visible;
  f.wrap.classList.toggle('is-disabled', Boolean(field.disabled));
  const focused = document.activeElement === f.input;

  if (field.type === 'password') {
    // The server shows a stored secret as its mask (else ""): a placeholder only, never sent back.
    const stored = Boolean(field.value);
    f.input.placeholder = field.value || '';
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
    showIgnored(f, field);
    return;
  }
  if (!focused && f.input.value !== dlg.values[field.id]) f.input.value = dlg.values[field.id];
  showIgnored(f, field);
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
    perGroup.get(f.group).push({ f, visible: !f.wrap.hidden });
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
    const target = [...dlg.fields.values()].find((f) => f.input && !f.wrap.hidden && !f.wrap.classList.contains('is-ignored') && !f.input.disabled);
    if (target) target.input.focus();
  }
}

/*
 * Leaving a field by pressing a button shows that field's error, which would push the buttons
 * down between press and release: error lines wait for the release (see pointer-guard.js).
 */
function renderErrors() {
  whenPointerFree('connection-dialog-errors', () => {
    if (dlg.open) renderErrorsNow();
  });
}

function renderErrorsNow() {
  const formErrors = (dlg.form && dlg.form.errors) || {};
  for (const [id, f] of dlg.fields) {
    if (!f.error) continue;
    let message = '';
    if (!f.wrap.hidden && !f.wrap.classList.contains('is-ignored')) {
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
  if (test.processId) parts.push(`${appName(dlg.appId)} process id ${test.processId}`);
  return parts.join(' · ');
}

/** The labels of the fields with an error, as the user sees them ("API user, API key"). */
function labelsOf(errors) {
  return Object.keys(errors || {}).map((id) => {
    const f = dlg.fields.get(id);
    return f && f.labelText && f.labelText.textContent ? f.labelText.textContent : id;
  });
}

function failureResult(test) {
  const config = test.kind === 'config' && test.errors && Object.keys(test.errors).length > 0;
  return {
    kind: 'error',
    failureKind: test.kind || 'internal',
    title: kindTitle(test.kind, dlg.appId) || 'The test failed',
    text: config ? `Correct ${labelsOf(test.errors).join(', ')}: the messages are next to ${Object.keys(test.errors).length === 1 ? 'the field' : 'each field'}.` : test.message || 'The connection test failed.',
    details: testDetails(test),
  };
}

function setDialogBusy(busy) {
  dlg.busy = busy;
  for (const button of [$('connection-test'), $('connection-save')]) {
    button.disabled = busy || !hostOnline();
    if (!hostOnline()) button.dataset.offlineDisabled = 'true';
  }
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

/** Starts Test or Save: the form up to date, its errors shown, the dialog busy. False when it can't start. */
async function beginDialogAction(pendingText) {
  if (dlg.busy) return false;
  await flushForm();
  if (!dlg.open) return false;
  dlg.submitted = true;
  renderErrors();
  setDialogBusy(true);
  setResult({ kind: 'pending', text: pendingText });
  return true;
}

async function testDialogConnection() {
  if (!(await beginDialogAction('Testing your connection…'))) return;
  const body = { appId: dlg.appId, values: currentValues() };
  if (dlg.connectionId) body.connectionId = dlg.connectionId;
  const resp = await api('POST', '/api/connections/test', body);
  if (!dlg.open) return;
  setDialogBusy(false);
  if (!resp.ok || !resp.data) {
    const messages = fieldMessages(resp);
    if (Object.keys(messages).length > 0 && resp.status === 422) {
      dlg.submitErrors = { ...messages };
      renderErrors();
    }
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
  if (!(await beginDialogAction(saveOnFailedTest ? 'Saving your connection…' : 'Testing your connection…'))) return;
  // POST takes { appId, values, integrationId?, saveOnFailedTest? }; PUT only { values, saveOnFailedTest? }.
  const body = dlg.connectionId ? { values: currentValues() } : { appId: dlg.appId, values: currentValues() };
  if (dlg.connectionId && typeof dlg.version === 'number') body.version = dlg.version;
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
    dlg.submitErrors = { ...fieldMessages(resp) };
    renderErrors();
    const labels = labelsOf(dlg.submitErrors);
    setResult({ kind: 'error', failureKind: 'config', title: KIND_TITLES.config, text: labels.length ? `Not saved: correct ${labels.join(', ')} (the messages are next to each field).` : describeError(resp) });
    focusFirstError();
    return;
  }
  if (resp.status === 412) {
    setResult({ kind: 'error', title: 'Changed by someone else', text: `${describeError(resp)} Close this dialog to see the current connection.` });
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
  setResult({ kind: 'error', title: 'Not saved', text: describeError(resp, 'The connection was not saved.') });
}


/** Wires the dialog's buttons once. */
export function setUpConnectionDialog() {
  $('connection-test').addEventListener('click', testDialogConnection);
  $('connection-save').addEventListener('click', () => saveDialogConnection(false));
  $('connection-cancel').addEventListener('click', closeConnectionDialog);
  $('connection-cancel').dataset.keepOffline = 'true';
  $('connection-dialog').addEventListener('cancel', (event) => {
    event.preventDefault();
    closeConnectionDialog();
  });
  $('connection-form').addEventListener('submit', (event) => event.preventDefault());
}
