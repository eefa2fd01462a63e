/* Files of the built-in file app: list, upload, load into the editor, download, delete (refused up front while a flow uses one). */
import { api, describeError, enc } from './api.js';
import { loadFiles } from './data.js';
import { $, confirmDialog, formatTime, h, plural, promptDialog, showMessage } from './dom.js';
import { state, usesFiles } from './state.js';
import { disableIfOffline } from './status.js';
import { whenPointerFree } from './pointer-guard.js';

function sizeText(bytes) {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Flows whose file step reads or writes this file. */
function flowsUsingFile(name) {
  return state.flows.filter((flow) => [flow.source, flow.destination].some((step) => step && usesFiles(step.appId) && step.config && step.config.name === name));
}

/** Re-renders the list, but never between a press and its release (see pointer-guard.js). */
export function renderFiles() {
  whenPointerFree('renderFiles', renderFilesNow);
}

function renderFilesNow() {
  const body = $('files-body');
  body.replaceChildren();
  $('files-empty').hidden = state.files.length > 0;
  $('file-names').replaceChildren(...state.files.map((file) => h('option', { value: file.name })));
  for (const file of state.files) {
    const users = flowsUsingFile(file.name);
    body.append(h('tr', { 'data-testid': 'file-row', 'data-file-name': file.name, 'data-filter': [file.name, ...users.map((flow) => flow.name)].join(' ') },
      h('td', { class: 'name-cell', 'data-label': 'Name' }, file.name),
      h('td', { 'data-label': 'Size' }, sizeText(file.size)),
      h('td', { 'data-label': 'Changed' }, formatTime(file.updatedAt)),
      h('td', { 'data-label': 'Used by' }, users.length ? users.map((flow) => flow.name).join(', ') : h('span', { class: 'subtle' }, 'No flow')),
      h('td', { class: 'actions' },
        h('button', { type: 'button', 'data-testid': 'file-open', onclick: () => openFile(file.name) }, 'Open'),
        h('a', { class: 'button-link', href: `/api/files/${enc(file.name)}?download=1`, download: file.name, 'data-testid': 'file-download' }, 'Download'),
        h('button', { type: 'button', 'data-testid': 'file-rename', onclick: () => renameFile(file.name) }, 'Rename'),
        h('button', { type: 'button', class: 'danger-text', 'data-testid': 'file-delete', onclick: () => deleteFile(file.name) }, 'Delete'))));
  }
  disableIfOffline(body);
}

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

/** The first line that is not a JSON record, as a sentence (checked here so the user sees it at once). */
function ndjsonProblem(text) {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line) continue;
    try {
      const value = JSON.parse(line);
      if (!value || typeof value !== 'object' || Array.isArray(value)) return `Line ${i + 1} is not a record in curly braces.`;
    } catch {
      return `Line ${i + 1} is not valid JSON: each line must be one record such as {"cust_ref": "A-1"}.`;
    }
  }
  return undefined;
}

async function uploadFile(event) {
  event.preventDefault();
  const name = $('file-name').value.trim();
  const content = $('file-content').value;
  const message = $('file-message');
  const nameError = $('file-name-error');
  nameError.hidden = true;
  if (!name) {
    nameError.textContent = 'Enter a file name such as orders.ndjson.';
    nameError.hidden = false;
    return;
  }
  const problem = ndjsonProblem(content);
  if (problem) {
    showMessage(message, problem, 'error');
    return;
  }
  const resp = await api('PUT', `/api/files/${enc(name)}`, content, { contentType: 'application/x-ndjson' });
  if (!resp.ok) {
    if (resp.status === 422 && resp.data && resp.data.errors && resp.data.errors.name) {
      nameError.textContent = 'A file name uses letters, digits, dots, dashes or underscores, and starts with a letter or digit.';
      nameError.hidden = false;
    } else {
      showMessage(message, describeError(resp, 'The file was not uploaded.'), 'error');
    }
    return;
  }
  const records = content.split('\n').filter((l) => l.trim()).length;
  showMessage(message, `Uploaded “${name}” (${plural(records, 'record')}).`, 'success');
  await loadFiles();
}

async function openFile(name) {
  $('file-name').value = name;
  const message = $('file-message');
  const resp = await api('GET', `/api/files/${enc(name)}`, undefined, { raw: true });
  if (!resp.ok) {
    showMessage(message, describeError(resp, `The file “${name}” could not be loaded.`), 'error');
    return;
  }
  $('file-content').value = resp.data;
  showMessage(message, `Loaded “${name}”.`, 'success');
}

/** A rename is a copy under the new name and a delete of the old one; refused up front while flows use it. */
async function renameFile(name) {
  const users = flowsUsingFile(name);
  if (users.length > 0) {
    await confirmDialog({
      title: `“${name}” cannot be renamed yet`,
      text: 'Nothing was changed. These flows name it; change them to another file first:',
      details: users.map((flow) => `Flow “${flow.name}”`),
    });
    return;
  }
  const next = await promptDialog({ title: 'Rename file', label: 'New file name', value: name });
  if (next === undefined || next.trim() === '' || next.trim() === name) return;
  const target = next.trim();
  const message = $('files-message');
  if (state.files.some((file) => file.name === target)) {
    showMessage(message, `A file named “${target}” exists already; choose another name or delete that file first.`, 'error');
    return;
  }
  const content = await api('GET', `/api/files/${enc(name)}`, undefined, { raw: true });
  if (!content.ok) {
    showMessage(message, `“${name}” was not renamed: ${describeError(content)}`, 'error');
    return;
  }
  const copy = await api('PUT', `/api/files/${enc(target)}`, content.data, { contentType: 'application/x-ndjson' });
  if (!copy.ok) {
    const invalidName = copy.status === 422 && copy.data && copy.data.errors && copy.data.errors.name;
    showMessage(message, `“${name}” was not renamed: ${invalidName ? 'a file name uses letters, digits, dots, dashes or underscores, and starts with a letter or digit.' : describeError(copy)}`, 'error');
    return;
  }
  const removed = await api('DELETE', `/api/files/${enc(name)}`);
  showMessage(message, removed.ok ? `Renamed “${name}” to “${target}”.` : `Copied to “${target}”, but “${name}” stays: ${describeError(removed)}`, removed.ok ? 'success' : 'warning');
  await loadFiles();
}

async function deleteFile(name) {
  const users = flowsUsingFile(name);
  if (users.length > 0) {
    await confirmDialog({
      title: `“${name}” cannot be deleted yet`,
      text: 'Nothing was deleted. These flows read or write it; change or delete them first:',
      details: users.map((flow) => `Flow “${flow.name}”`),
    });
    return;
  }
  const ok = await confirmDialog({ title: 'Delete file', text: `Delete the file “${name}”? This cannot be undone.`, okLabel: 'Delete', danger: true });
  if (!ok) return;
  const resp = await api('DELETE', `/api/files/${enc(name)}`);
  showMessage($('files-message'), resp.ok ? `Deleted “${name}”.` : `“${name}” was not deleted: ${describeError(resp)}`, resp.ok ? 'success' : 'error');
  await loadFiles();
}

export function setUpFiles() {
  $('file-form').addEventListener('submit', uploadFile);
  $('file-load').addEventListener('click', () => {
    const name = $('file-name').value.trim();
    if (name) openFile(name);
    else showMessage($('file-message'), 'Enter the name of the file to load.', 'error');
  });
  $('file-example').addEventListener('click', () => {
    $('file-content').value = exampleOrders();
  });
}
