/*
 * The flow editor's transform: a JSONata expression applied to each record between source and
 * destination, with a preview of what it makes of a sample record (the host evaluates it, so the
 * preview is exactly what a run does).
 */
import { api, describeError, enc, fieldMessages } from './api.js';
import { $, h } from './dom.js';
import { usesFiles } from './state.js';

/** The transform to save: the expression, or null for none. */
export function transformPayload() {
  const text = $('flow-transform').value;
  return text.trim() === '' ? null : text;
}

export function setTransform(transform) {
  $('flow-transform').value = transform || '';
  showResult(null);
}

/** result: null | { kind: 'record'|'dropped'|'error', text } */
function showResult(result) {
  const box = $('flow-transform-result');
  box.hidden = !result;
  if (!result) {
    box.replaceChildren();
    delete box.dataset.outcome;
    return;
  }
  box.dataset.outcome = result.kind;
  box.className = `transform-result transform-${result.kind}`;
  box.replaceChildren(result.kind === 'record'
    ? h('div', null, h('div', { class: 'transform-title' }, 'The destination gets:'), h('pre', { 'data-testid': 'flow-transform-output' }, result.text))
    : h('div', { 'data-testid': 'flow-transform-output' }, result.text));
}

function sampleRecord() {
  const text = $('flow-transform-sample').value.trim();
  if (!text) return { problem: 'Paste a sample record (one JSON object) first, or use the source file\'s first record.' };
  try {
    const value = JSON.parse(text);
    if (!value || typeof value !== 'object' || Array.isArray(value)) return { problem: 'The sample must be one record in curly braces, such as {"order_number": "A-1"}.' };
    return { record: value };
  } catch {
    return { problem: 'The sample is not valid JSON: write one record such as {"order_number": "A-1"}.' };
  }
}

async function preview() {
  const transform = $('flow-transform').value;
  if (transform.trim() === '') {
    showResult({ kind: 'error', text: 'Write an expression first; without one, records go through as they are.' });
    return;
  }
  const sample = sampleRecord();
  if (sample.problem) {
    showResult({ kind: 'error', text: sample.problem });
    return;
  }
  const resp = await api('POST', '/api/flows/transform-preview', { transform, record: sample.record });
  if (!resp.ok) {
    showResult({ kind: 'error', text: fieldMessages(resp).transform || describeError(resp) });
    return;
  }
  if (resp.data.outcome === 'record') showResult({ kind: 'record', text: JSON.stringify(resp.data.record, null, 2) });
  else showResult({ kind: resp.data.outcome === 'dropped' ? 'dropped' : 'error', text: resp.data.message });
}

/** Fills the sample with the first record of the source step's file. */
async function loadSample(sourceStep) {
  const step = sourceStep();
  const name = step && usesFiles(step.appId) && step.config ? step.config.name : '';
  if (!name) {
    showResult({ kind: 'error', text: 'The source is not a file: paste a record it would give into the sample box.' });
    return;
  }
  const resp = await api('GET', `/api/files/${enc(name)}`, undefined, { raw: true });
  if (!resp.ok) {
    showResult({ kind: 'error', text: describeError(resp, `The file “${name}” could not be read.`) });
    return;
  }
  const first = String(resp.data).split('\n').find((line) => line.trim() !== '');
  if (!first) {
    showResult({ kind: 'error', text: `The file “${name}” has no records.` });
    return;
  }
  $('flow-transform-sample').value = JSON.stringify(JSON.parse(first), null, 2);
  showResult(null);
}

/** `sourceStep()` gives the editor's source step ({ appId, config }). */
export function setUpTransformEditor(sourceStep) {
  $('flow-transform-preview').addEventListener('click', preview);
  $('flow-transform-sample-load').addEventListener('click', () => loadSample(sourceStep));
}
