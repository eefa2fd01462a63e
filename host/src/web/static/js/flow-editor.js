/*
 * The flow editor: integration, name, a source and a destination step, and the schedule. It creates
 * a flow or edits one; each problem the host reports is shown as a sentence next to its field.
 */
import { api, describeError, enc, fieldMessages } from './api.js';
import { openConnectionDialog } from './connection-dialog.js';
import { loadConnections, loadFlows, loadIntegrations, loadOperations } from './data.js';
import { $, h, showMessage } from './dom.js';
import { appName, integrationName, needsConnection, state, usesFiles } from './state.js';
import { setTransform, setUpTransformEditor, transformPayload } from './transform-editor.js';

const steps = {
  source: { role: 'source', title: 'Source', appId: '', operation: '', connectionId: '', config: {}, configMode: 'form', ops: [], dom: null },
  destination: { role: 'destination', title: 'Destination', appId: '', operation: '', connectionId: '', config: {}, configMode: 'form', ops: [], dom: null },
};

/** The flow being edited ({ id, version }), or undefined while creating one. */
let editing;

/** field path ("name", "source.config.toDate", "schedule") -> its error element. */
const errorSlots = new Map();

function errorSlot(field) {
  const slot = h('div', { class: 'field-error', 'data-testid': `error-${field}`, role: 'alert', hidden: true });
  errorSlots.set(field, slot);
  return slot;
}

function clearFieldErrors() {
  for (const slot of errorSlots.values()) {
    slot.hidden = true;
    slot.textContent = '';
    slot.closest('.field')?.classList.remove('has-error');
  }
}

/** Puts each sentence next to its field; what has no field goes to the message under the form. */
function showFieldErrors(messages) {
  clearFieldErrors();
  const loose = [];
  for (const [field, sentence] of Object.entries(messages)) {
    const key = field === 'integrationId' ? 'flow.integrationId' : field === 'name' ? 'flow.name' : field;
    const slot = errorSlots.get(key) || errorSlots.get(key.split('.').slice(0, 3).join('.'));
    if (slot && slot.isConnected) {
      slot.textContent = sentence;
      slot.hidden = false;
      slot.closest('.field')?.classList.add('has-error');
    } else {
      loose.push(sentence);
    }
  }
  return loose;
}

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
    errorSlot(`${p}.connectionId`),
    connectionHint);
  const opDescription = h('div', { class: 'help', 'data-testid': `${p}-operation-help` });
  const config = h('div', { class: 'config', 'data-testid': `${p}-config` });
  root.append(
    h('div', { class: 'field' }, h('label', { for: `${p}-app` }, 'Application'), app, errorSlot(`${p}.appId`)),
    connectionField,
    h('div', { class: 'field' }, h('label', { for: `${p}-operation` }, 'Operation'), operation, errorSlot(`${p}.operation`), opDescription),
    h('div', { class: 'config-wrap' }, h('div', { class: 'config-title' }, 'Settings'), config, errorSlot(`${p}.config`)),
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

export function renderStepApps() {
  for (const step of Object.values(steps)) {
    const apps = state.apps.filter((a) => (a.roles || []).includes(step.role));
    const select = step.dom.app;
    select.replaceChildren(h('option', { value: '' }, 'Choose an application…'), ...apps.map((a) => h('option', { value: a.id }, a.name)));
    select.value = step.appId;
  }
}

async function selectStepApp(step, appId, preset) {
  step.appId = appId;
  step.operation = preset ? preset.operation : '';
  step.connectionId = preset && preset.connectionId ? preset.connectionId : '';
  step.config = preset ? { ...(preset.config || {}) } : {};
  step.ops = [];
  step.dom.app.value = appId;
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
    operation.replaceChildren(h('option', { value: '' }, 'Choose an operation…'), ...ops.map((o) => h('option', { value: o.id }, o.name || o.id)));
    operation.disabled = false;
    if (!step.operation && ops.length === 1) step.operation = ops[0].id;
    operation.value = step.operation;
    renderStepOperation(step);
  } catch (error) {
    operation.replaceChildren(h('option', { value: '' }, 'Operations unavailable'));
    showMessage($('flow-form-message'), error.message, 'error');
  }
}

export function refreshStepConnections() {
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
    if (!integration) connectionHint.textContent = 'Choose the integration first: a step uses the connections registered to it.';
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
      const integration = state.integrations.find((i) => i.id === integrationId);
      if (connection && connection.id && integration && !(integration.connectionIds || []).includes(connection.id)) {
        const resp = await api('PUT', `/api/integrations/${enc(integrationId)}/connections/register`, [connection.id]);
        if (!resp.ok) showMessage($('flow-form-message'), `Saved, but it could not be registered: ${describeError(resp)}`, 'error');
        await loadIntegrations();
      }
      if (connection && connection.id && step.appId === appId) {
        step.connectionId = connection.id;
        refreshStepConnections();
      }
      const offline = connection && connection.offline;
      showMessage($('flow-form-message'), `Saved “${connection ? connection.name : 'connection'}” and chose it for the ${step.title.toLowerCase()} step.${offline ? ` It is offline${test && test.message ? `: ${test.message}` : '.'}` : ''}`, offline ? 'warning' : 'success');
    },
  });
}

function renderStepOperation(step) {
  const { config, opDescription } = step.dom;
  const op = step.ops.find((o) => o.id === step.operation);
  opDescription.textContent = op && op.description ? op.description : '';
  config.replaceChildren();
  for (const [field, slot] of errorSlots) if (field.startsWith(`${step.role}.config.`) && !slot.isConnected) errorSlots.delete(field);
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
  return Object.values(schema.properties || {}).every((p) => propertyKind(p) !== undefined);
}

/** `fromDate` -> "From date", `at_wms` -> "At wms". */
export function humanize(name) {
  const words = String(name).replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_.-]+/g, ' ').trim().toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A value's label: the schema's own title for it when it has one, else the value in words. */
function enumLabel(prop, value) {
  const titled = (prop.oneOf || prop.anyOf || []).find((option) => option && option.const === value && option.title);
  return titled ? titled.title : humanize(value);
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
    const inputName = `${step.role}.config.${name}`;
    const label = prop.title || humanize(name);
    const value = step.config[name];
    const fileName = usesFiles(step.appId) && name === 'name';
    let input;
    if (fileName && step.role === 'source') {
      // A source reads an uploaded file: pick one of them.
      input = h('select', { id, name: inputName, 'data-testid': id }, ...fileOptions(value));
      input.value = value === undefined ? '' : String(value);
      input.addEventListener('change', () => setConfig(step, name, input.value === '' ? undefined : input.value));
    } else if (kind === 'enum') {
      input = h('select', { id, name: inputName, 'data-testid': id },
        h('option', { value: '' }, prop.default !== undefined ? `${enumLabel(prop, prop.default)} (default)` : '—'),
        // The default is the first option already ("New (default)"): not offered a second time.
        ...prop.enum.filter((v) => v !== prop.default).map((v) => h('option', { value: v }, enumLabel(prop, v))));
      input.value = value === undefined || value === prop.default ? '' : String(value);
      input.addEventListener('change', () => setConfig(step, name, input.value === '' ? undefined : input.value));
    } else if (kind === 'boolean') {
      input = h('input', { id, type: 'checkbox', name: inputName, 'data-testid': id });
      input.checked = value === undefined ? prop.default === true : Boolean(value);
      input.addEventListener('change', () => setConfig(step, name, input.checked));
    } else if (kind === 'integer' || kind === 'number') {
      input = h('input', { id, type: 'number', name: inputName, 'data-testid': id, step: kind === 'integer' ? '1' : 'any', min: prop.minimum, max: prop.maximum, placeholder: prop.default !== undefined ? String(prop.default) : '' });
      input.value = value === undefined ? '' : String(value);
      input.addEventListener('input', () => setConfig(step, name, input.value === '' ? undefined : Number(input.value)));
    } else if (kind === 'strings') {
      const allowed = prop.items.enum;
      input = h('input', { id, name: inputName, 'data-testid': id, autocomplete: 'off', placeholder: allowed ? allowed.map((v) => humanize(v)).join(', ') : 'values separated by commas' });
      input.value = Array.isArray(value) ? value.join(', ') : '';
      input.addEventListener('input', () => {
        const list = input.value.split(',').map((s) => s.trim()).filter(Boolean);
        setConfig(step, name, list.length ? list : undefined);
      });
    } else {
      input = h('input', { id, name: inputName, 'data-testid': id, autocomplete: 'off', list: fileName ? 'file-names' : undefined, placeholder: prop.default !== undefined ? String(prop.default) : (prop.format === 'date-time' ? 'e.g. 2024-01-31T00:00:00Z' : '') });
      input.value = value === undefined ? '' : String(value);
      input.addEventListener('input', () => setConfig(step, name, input.value === '' ? undefined : input.value));
    }
    const labelEl = h('label', { for: id }, label, required.has(name) ? h('span', { class: 'required', 'aria-hidden': 'true' }, ' *') : null);
    const slot = errorSlot(inputName);
    const wrap = kind === 'boolean'
      ? h('div', { class: 'field field-checkbox' }, input, labelEl, slot)
      : h('div', { class: 'field' }, labelEl, input, slot);
    if (prop.description) wrap.append(h('div', { class: 'help' }, prop.description));
    config.append(wrap);
  }
  config.append(h('button', { type: 'button', class: 'link', 'data-testid': `${step.role}-config-json-toggle`, onclick: () => { step.configMode = 'json'; renderStepOperation(step); } }, 'Edit as JSON'));
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
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('The settings must be an object in curly braces.');
      step.config = parsed;
      step.configError = undefined;
      error.hidden = true;
    } catch (e) {
      step.configError = `The settings are not valid JSON (${e.message}).`;
      error.textContent = step.configError;
      error.hidden = false;
    }
  });
  config.append(h('div', { class: 'field' }, h('label', { for: id }, 'Settings (JSON)'), area, error));
  if (formableSchema(schema)) {
    config.append(h('button', { type: 'button', class: 'link', onclick: () => { if (!step.configError) { step.configMode = 'form'; renderStepOperation(step); } } }, 'Edit as form'));
  }
}

function fileOptions(current) {
  const names = state.files.map((file) => file.name);
  if (typeof current === 'string' && current && !names.includes(current)) names.push(current);
  return [h('option', { value: '' }, names.length ? 'Choose a file…' : 'Upload a file under Files first'), ...names.map((n) => h('option', { value: n }, n))];
}

/** Updates the source's file pick list in place when the files change (focus and choice stay). */
export function refreshFileChoices() {
  const step = steps.source;
  if (!step.dom || !usesFiles(step.appId)) return;
  const select = step.dom.config.querySelector('select[name="source.config.name"]');
  if (!select) return;
  const current = step.config.name;
  select.replaceChildren(...fileOptions(current));
  select.value = current === undefined ? '' : String(current);
}

export function renderFlowIntegrationOptions() {
  const select = $('flow-integration');
  const current = select.value;
  select.replaceChildren(h('option', { value: '' }, state.integrations.length ? 'Choose an integration…' : 'Create an integration first'),
    ...state.integrations.map((i) => h('option', { value: i.id }, i.name)));
  select.value = current;
  // With one integration there is nothing to choose.
  if (!select.value && state.integrations.length === 1) select.value = state.integrations[0].id;
}

function stepPayload(step) {
  const out = { appId: step.appId, operation: step.operation, config: { ...step.config } };
  if (needsConnection(step.appId) && step.connectionId) out.connectionId = step.connectionId;
  return out;
}

// ---------------------------------------------------------------- schedule

function renderScheduleFields() {
  const kind = $('schedule-kind').value;
  $('schedule-interval').hidden = kind !== 'interval';
  $('schedule-cron').hidden = kind !== 'cron';
  $('schedule-enabled-field').hidden = kind === 'none';
  // The schedule's error sits under the field it is about, in the error style; a switch of the
  // kind drops it (a cron error says nothing about an interval).
  const slot = errorSlots.get('schedule');
  if (!slot) return;
  slot.hidden = true;
  slot.textContent = '';
  for (const id of ['schedule-interval', 'schedule-cron']) $(id).classList.remove('has-error');
  const home = kind === 'interval' ? $('schedule-interval') : kind === 'cron' ? $('schedule-cron') : $('schedule-errors');
  if (slot.parentElement !== home) home.append(slot);
}

function schedulePayload() {
  const kind = $('schedule-kind').value;
  const enabled = $('schedule-enabled').checked;
  if (kind === 'interval') return { enabled, kind, every: Number($('schedule-every').value), unit: $('schedule-unit').value };
  if (kind === 'cron') return { enabled, kind, cron: $('schedule-cron-input').value.trim() };
  return null;
}

function setSchedule(schedule) {
  $('schedule-kind').value = schedule ? schedule.kind : 'none';
  $('schedule-enabled').checked = schedule ? schedule.enabled : true;
  $('schedule-every').value = schedule && schedule.kind === 'interval' ? String(schedule.every) : '15';
  $('schedule-unit').value = schedule && schedule.kind === 'interval' ? schedule.unit : 'minutes';
  $('schedule-cron-input').value = schedule && schedule.kind === 'cron' ? schedule.cron : '';
  renderScheduleFields();
}

// ---------------------------------------------------------------- create / edit

async function submitFlow(event) {
  event.preventDefault();
  const message = $('flow-form-message');
  showMessage(message, '');
  clearFieldErrors();
  for (const step of Object.values(steps)) {
    if (step.configError) {
      showMessage(message, `${step.title}: ${step.configError}`, 'error');
      return;
    }
  }
  const schedule = schedulePayload();
  const transform = transformPayload();
  const body = { name: $('flow-name').value.trim(), source: stepPayload(steps.source), destination: stepPayload(steps.destination), transform };
  let resp;
  if (editing) {
    resp = await api('PUT', `/api/flows/${enc(editing.id)}`, { ...body, schedule, ...(typeof editing.version === 'number' ? { version: editing.version } : {}) });
  } else {
    resp = await api('POST', '/api/flows', { integrationId: $('flow-integration').value, ...body, ...(schedule ? { schedule } : {}) });
  }
  if (!resp.ok) {
    const loose = resp.status === 422 ? showFieldErrors(fieldMessages(resp)) : [];
    const text = resp.status === 422
      ? (loose.length ? loose.join(' ') : 'Not saved: the messages are next to the fields.')
      : resp.status === 412 ? `${describeError(resp)} Cancel the edit to see the current flow.` : describeError(resp, 'The flow was not saved.');
    showMessage(message, text, 'error');
    return;
  }
  const name = resp.data.name || body.name;
  const wasEditing = Boolean(editing);
  resetEditor();
  showMessage(message, wasEditing ? `Saved flow “${name}”.` : `Created flow “${name}”. Run it from the list below.`, 'success');
  message.scrollIntoView({ block: 'nearest' });
  await loadFlows();
}

/** Back to "create a flow", with the last integration kept. */
export function resetEditor() {
  editing = undefined;
  $('flow-editor-title').textContent = 'New flow';
  $('flow-submit').textContent = 'Create flow';
  $('flow-cancel-edit').hidden = true;
  $('flow-integration').disabled = false;
  $('flow-name').value = '';
  setSchedule(null);
  setTransform(null);
  // A new flow starts from empty steps (the integration stays: the next flow is often in it too).
  if (steps.source.dom) for (const step of Object.values(steps)) selectStepApp(step, '');
  clearFieldErrors();
}

/** Loads a flow into the editor to change or rename it. */
export async function editFlow(flow) {
  editing = { id: flow.id, version: flow.version };
  $('flow-editor-title').textContent = `Edit flow “${flow.name}”`;
  $('flow-submit').textContent = 'Save flow';
  $('flow-cancel-edit').hidden = false;
  showMessage($('flow-form-message'), '');
  clearFieldErrors();
  $('flow-integration').value = flow.integrationId;
  // A flow stays in its integration; the connections it may use depend on it.
  $('flow-integration').disabled = true;
  $('flow-name').value = flow.name;
  setSchedule(flow.schedule || null);
  setTransform(flow.transform || null);
  await Promise.all([selectStepApp(steps.source, flow.source.appId, flow.source), selectStepApp(steps.destination, flow.destination.appId, flow.destination)]);
  $('flow-form').scrollIntoView({ block: 'start' });
  $('flow-name').focus();
}

export function setUpFlowEditor() {
  $('flow-editor-fields').prepend(
    h('div', { class: 'field' }, h('label', { for: 'flow-integration' }, 'Integration'), h('select', { id: 'flow-integration', name: 'flow.integrationId', 'data-testid': 'flow-integration' }), errorSlot('flow.integrationId')),
    h('div', { class: 'field' }, h('label', { for: 'flow-name' }, 'Flow name'), h('input', { id: 'flow-name', name: 'flow.name', autocomplete: 'off', placeholder: 'e.g. Nightly orders import', 'data-testid': 'flow-name' }), errorSlot('flow.name')),
  );
  $('flow-transform-error-home').replaceWith(errorSlot('transform'));
  setUpTransformEditor(() => stepPayload(steps.source));
  $('schedule-errors').append(errorSlot('schedule'));
  $('schedule-errors').hidden = true; // the slot moves under the interval or cron field
  $('flow-form').addEventListener('submit', submitFlow);
  $('flow-integration').addEventListener('change', refreshStepConnections);
  $('schedule-kind').addEventListener('change', renderScheduleFields);
  $('flow-cancel-edit').addEventListener('click', () => {
    resetEditor();
    showMessage($('flow-form-message'), '');
  });
  buildStep(steps.source);
  buildStep(steps.destination);
  renderFlowIntegrationOptions();
  setSchedule(null);
}

export function renderSteps() {
  for (const step of Object.values(steps)) renderStepOperation(step);
}
