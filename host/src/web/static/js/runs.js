/* A run as people read it: status, counts (skipped apart from written), duration, errors; and a flow's run history. */
import { api, describeError, enc } from './api.js';
import { formatDuration, formatTime, h } from './dom.js';

/** A run's status as people read it (`partial`: some records written, some failed). */
export const STATUS_WORDS = { running: 'Running…', succeeded: 'Succeeded', partial: 'Completed with errors', failed: 'Failed', canceled: 'Stopped' };
export const HISTORY_PAGE = 10;

function count(testid, word, value) {
  return h('span', { 'data-testid': testid, 'data-count': String(value || 0) }, `${word} ${value || 0}`);
}

export function countsView(run) {
  return h('span', { class: 'counts', 'data-testid': 'flow-run-counts' },
    count('run-read', 'read', run.read), ' · ',
    count('run-written', 'written', run.written), ' · ',
    count('run-failed', 'failed', run.failed), ' · ',
    h('span', { 'data-testid': 'run-skipped', 'data-count': String(run.skipped || 0), title: 'Records that already existed (nothing new was made for them), or that the flow\'s transform left out' }, `skipped ${run.skipped || 0} (already existed)`));
}

/** How far a running run is: "read 40 of 120 (33 %)" with a bar when the source knows its size, else the count read. */
export function progressView(run) {
  const total = typeof run.total === 'number' && run.total >= 0 ? run.total : undefined;
  if (total === undefined) return h('div', { class: 'run-progress subtle', 'data-testid': 'run-progress' }, `${run.read || 0} records read so far`);
  const percent = typeof run.percent === 'number' ? Math.round(run.percent) : total === 0 ? 100 : Math.floor(((run.read || 0) * 100) / total);
  return h('div', { class: 'run-progress', 'data-testid': 'run-progress', 'data-percent': String(percent) },
    h('progress', { max: '100', value: String(percent), 'aria-label': 'Run progress' }),
    h('span', { 'data-testid': 'run-progress-text' }, ` ${run.read || 0} of ${total} records read (${percent} %)`));
}

export function durationOf(run) {
  if (!run.startedAt) return '';
  const end = run.finishedAt ? Date.parse(run.finishedAt) : Date.now();
  return formatDuration(end - Date.parse(run.startedAt));
}

/** How many record errors a run keeps (the host's MAX_RUN_ERRORS); its counts stay exact beyond. */
export const KEPT_ERRORS = 100;

function errorLine(error) {
  if (typeof error.index !== 'number') return error.message;
  return `Record ${error.index + 1}${error.custRef ? ` (order ${error.custRef})` : ''}: ${error.message}`;
}

function recordErrorsOf(run) {
  return (Array.isArray(run.errors) ? run.errors : []).filter((e) => typeof e.index === 'number');
}

/** Failed records beyond the ones the run kept (it keeps the first 100 with their errors). */
function notListedOf(run) {
  return Math.max(0, (run.failed || 0) - recordErrorsOf(run).length);
}

function notListedLine(run, tag = 'li') {
  const rest = notListedOf(run);
  if (rest === 0) return null;
  return h(tag, { class: 'subtle', 'data-testid': 'run-errors-not-listed', 'data-count': String(rest) },
    `${rest} more failed ${rest === 1 ? 'record is' : 'records are'} not listed: a run keeps the first ${KEPT_ERRORS} with their errors.`);
}

export function errorsLink(flowId, run) {
  return h('span', { class: 'downloads' },
    h('a', { href: `/api/flows/${enc(flowId)}/runs/${enc(run.id)}/errors`, download: `run-${run.id}-errors.ndjson`, 'data-testid': 'run-errors-download', title: 'One line per error: the record number, its order (cust_ref), the sentence and the record' }, 'Download errors (NDJSON)'),
    ' · ',
    h('a', { href: `/api/flows/${enc(flowId)}/runs/${enc(run.id)}/failed-records`, download: `run-${run.id}-failed-records.ndjson`, 'data-testid': 'run-failed-records-download', title: 'The failed records as they were read: fix them and upload the file to run them again' }, 'Download failed records to fix and re-run'));
}

/** The latest run in the flows list. */
export function lastRunView(flowId, run) {
  if (!run) return h('span', { class: 'subtle', 'data-testid': 'flow-run-status' }, 'Not run yet');
  if (run.error) return h('div', { class: 'message message-error', 'data-testid': 'flow-run-status', 'data-status': 'error' }, run.error);
  const status = run.status || 'running';
  const wrap = h('div', { class: `run run-${status}`, 'data-testid': 'flow-run-status', 'data-status': status, 'data-run-id': run.id || '' },
    h('span', { class: `badge badge-${status}` }, STATUS_WORDS[status] || status), ' ',
    countsView(run),
    status === 'running' ? progressView(run) : null,
    status === 'running' && run.cancelRequested ? h('div', { class: 'subtle', 'data-testid': 'run-stopping' }, 'Stopping: no new record is sent; those on their way finish.') : null,
    h('div', { class: 'subtle', 'data-testid': 'flow-run-when' }, run.startedAt ? `${formatTime(run.startedAt)}${run.finishedAt ? ` · took ${durationOf(run)}` : ` · for ${durationOf(run)}`}` : ''));
  const errors = recordErrorsOf(run);
  if (errors.length) {
    wrap.append(h('ul', { class: 'run-errors', 'data-testid': 'flow-run-errors' },
      ...errors.slice(0, 3).map((e) => h('li', null, errorLine(e))),
      errors.length > 3 ? h('li', { class: 'subtle', 'data-testid': 'flow-run-errors-more' }, `… and ${errors.length - 3} more in the history`) : null,
      notListedLine(run)));
  }
  if (run.message && status !== 'running') wrap.append(h('div', { class: status === 'failed' || status === 'partial' ? 'run-message error-text' : 'run-message subtle', 'data-testid': 'flow-run-message' }, run.message));
  return wrap;
}

/** flowId -> { offset, runs, total, error } of an open history panel. */
export const histories = new Map();

export async function loadHistory(flowId) {
  const panel = histories.get(flowId);
  if (!panel) return false;
  const resp = await api('GET', `/api/flows/${enc(flowId)}/runs?limit=${HISTORY_PAGE}&offset=${panel.offset}`);
  const next = resp.ok
    ? { ...panel, runs: resp.data, total: Number(resp.headers.get('x-total-count') || resp.data.length), error: undefined }
    : { ...panel, error: describeError(resp) };
  const changedNow = JSON.stringify(next) !== JSON.stringify(panel);
  histories.set(flowId, next);
  return changedNow;
}

/** The history panel: newest first, a page at a time. */
export function historyView(flowId, rerender) {
  const panel = histories.get(flowId);
  if (!panel) return null;
  const page = async (offset) => {
    histories.set(flowId, { ...panel, offset: Math.max(0, offset) });
    await loadHistory(flowId);
    rerender();
  };
  const runs = panel.runs || [];
  const body = runs.length === 0
    ? h('p', { class: 'subtle' }, panel.runs ? 'No runs yet.' : 'Loading…')
    : h('table', { class: 'list history', 'data-testid': 'run-history-table' },
      h('thead', null, h('tr', null, h('th', null, 'Started'), h('th', null, 'Status'), h('th', null, 'Duration'), h('th', null, 'Counts'), h('th', null, 'Errors'))),
      h('tbody', null, ...runs.map((run) => {
        const allErrors = run.errors || [];
        return h('tr', { 'data-testid': 'run-history-row', 'data-run-id': run.id, 'data-status': run.status },
          h('td', { 'data-label': 'Started' }, formatTime(run.startedAt)),
          h('td', { 'data-label': 'Status' }, h('span', { class: `badge badge-${run.status}` }, STATUS_WORDS[run.status] || run.status)),
          h('td', { 'data-label': 'Duration' }, durationOf(run)),
          h('td', { 'data-label': 'Counts' }, countsView(run)),
          h('td', { 'data-label': 'Errors' },
            allErrors.length === 0 && notListedOf(run) === 0 ? h('span', { class: 'subtle' }, 'None') : h('div', null,
              h('ul', { class: 'run-errors' }, ...allErrors.slice(0, 3).map((e) => h('li', null, errorLine(e)))),
              allErrors.length > 3 ? h('details', { class: 'all-errors', 'data-testid': 'run-all-errors' },
                h('summary', null, `Show all ${allErrors.length} errors`),
                h('ul', { class: 'run-errors' }, ...allErrors.map((e) => h('li', null, errorLine(e))))) : null,
              notListedLine(run, 'p'),
              errorsLink(flowId, run))));
      })));
  const total = panel.total || 0;
  return h('div', { class: 'history-panel', 'data-testid': 'run-history' },
    panel.error ? h('div', { class: 'message message-error' }, panel.error) : null,
    body,
    h('div', { class: 'pager' },
      h('span', { class: 'subtle', 'data-testid': 'run-history-range' }, total ? `Runs ${panel.offset + 1}–${Math.min(total, panel.offset + runs.length)} of ${total}, newest first` : ''),
      h('button', { type: 'button', class: 'small', disabled: panel.offset === 0, onclick: () => page(panel.offset - HISTORY_PAGE) }, 'Newer'),
      h('button', { type: 'button', class: 'small', 'data-testid': 'run-history-older', disabled: panel.offset + runs.length >= total, onclick: () => page(panel.offset + HISTORY_PAGE) }, 'Older')));
}
