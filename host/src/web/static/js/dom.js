/*
 * Shared UI: element creation, messages, dialogs and formatting. No HTML strings: every text goes
 * in as a text node, so nothing the server or a user sends can become markup.
 */

export const $ = (id) => document.getElementById(id);

/** Creates an element; children are nodes or strings (always text, never HTML). */
export function h(tag, attrs, ...children) {
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

export function showMessage(el, text, kind) {
  if (!text) {
    el.hidden = true;
    el.textContent = '';
    delete el.dataset.kind;
    return;
  }
  el.hidden = false;
  el.className = `message message-${kind || 'info'}`;
  el.dataset.kind = kind || 'info';
  el.textContent = text;
}

export function plural(n, word) {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** "3 s", "2 min 5 s", "1 h 4 min": how long a run took. */
export function formatDuration(ms) {
  if (!(ms >= 0)) return '';
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return ms < 1000 ? `${Math.max(0, Math.round(ms))} ms` : `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** A date and time in the reader's locale. */
export function formatTime(iso) {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

/**
 * The page's own modal dialog (not window.confirm). Resolves true when the user confirms.
 * Without `okLabel`, it only informs: a single Close button.
 */
export function confirmDialog({ title, text, okLabel, cancelLabel = 'Cancel', danger = false, details = [] }) {
  const dialog = $('confirm-dialog');
  $('confirm-title').textContent = title;
  $('confirm-text').textContent = text;
  $('confirm-details').replaceChildren(...details.map((line) => h('li', null, line)));
  $('confirm-details').hidden = details.length === 0;
  const ok = $('confirm-ok');
  const cancel = $('confirm-cancel');
  ok.hidden = !okLabel;
  ok.textContent = okLabel || 'OK';
  cancel.textContent = okLabel ? cancelLabel : 'Close';
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

/** Asks for a new name in the page's prompt dialog; resolves with it, or undefined when cancelled. */
export function promptDialog({ title, label, value }) {
  const dialog = $('prompt-dialog');
  $('prompt-title').textContent = title;
  $('prompt-label').textContent = label;
  const input = $('prompt-input');
  input.value = value || '';
  const form = $('prompt-form');
  return new Promise((resolve) => {
    const finish = (answer) => {
      form.removeEventListener('submit', onSubmit);
      $('prompt-cancel').removeEventListener('click', onCancel);
      dialog.removeEventListener('cancel', onCancel);
      if (dialog.open) dialog.close();
      resolve(answer);
    };
    const onSubmit = (event) => {
      event.preventDefault();
      finish(input.value);
    };
    const onCancel = (event) => {
      if (event) event.preventDefault();
      finish(undefined);
    };
    form.addEventListener('submit', onSubmit);
    $('prompt-cancel').addEventListener('click', onCancel);
    dialog.addEventListener('cancel', onCancel);
    dialog.showModal();
    input.focus();
    input.select();
  });
}
