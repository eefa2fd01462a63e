/* The flows list: last run (live while it runs), run history, schedule with its on/off switch, run, edit, delete. */
import { api, describeError, enc } from './api.js';
import { loadFiles, loadFlows, loadPools } from './data.js';
import { $, confirmDialog, formatTime, h, showMessage } from './dom.js';
import { editFlow } from './flow-editor.js';
import { histories, historyView, lastRunView, loadHistory } from './runs.js';
import { appName, connectionName, integrationName, state, usesFiles } from './state.js';
import { disableIfOffline } from './status.js';
import { whenPointerFree } from './pointer-guard.js';

const LIVE_POLL_MS = 400;
/** flowId -> the run being watched right after "Run" (newer than the list's lastRun). */
const watched = new Map();

function stepSummary(step) {
  if (!step) return '';
  const parts = [appName(step.appId)];
  if (step.connectionId) parts.push(connectionName(step.connectionId));
  if (usesFiles(step.appId) && step.config && step.config.name) parts.push(step.config.name);
  return parts.join(' · ');
}

function latestRun(flow) {
  return watched.get(flow.id) || flow.lastRun || undefined;
}

function isRunning(flow) {
  const run = latestRun(flow);
  return Boolean(run && !run.error && run.status === 'running');
}

function scheduleCell(flow) {
  if (!flow.schedule) return h('td', { 'data-label': 'Schedule' }, h('span', { class: 'subtle', 'data-testid': 'flow-schedule' }, 'By hand'));
  const toggle = h('input', { type: 'checkbox', role: 'switch', 'aria-label': `Schedule of ${flow.name} on`, 'data-testid': 'flow-schedule-switch', checked: flow.schedule.enabled, onchange: () => switchSchedule(flow, toggle.checked) });
  return h('td', { 'data-label': 'Schedule' },
    h('div', { 'data-testid': 'flow-schedule' }, flow.scheduleText || ''),
    h('label', { class: 'switch' }, toggle, flow.schedule.enabled ? ' On' : ' Off'),
    flow.schedule.enabled && flow.nextRunAt ? h('div', { class: 'subtle', 'data-testid': 'flow-next-run' }, `Next: ${formatTime(flow.nextRunAt)}`) : null);
}

/** Re-renders the list, but never between a press and its release (see pointer-guard.js). */
export function renderFlows() {
  whenPointerFree('renderFlows', renderFlowsNow);
}

function renderFlowsNow() {
  const body = $('flows-body');
  body.replaceChildren();
  $('flows-empty').hidden = state.flows.length > 0;
  for (const flow of state.flows) {
    const running = isRunning(flow);
    const open = histories.has(flow.id);
    const words = [flow.name, integrationName(flow.integrationId), ...[flow.source, flow.destination].flatMap((step) => [step.appId, step.operation, step.config && step.config.name])];
    body.append(h('tr', { 'data-testid': 'flow-row', 'data-flow-id': flow.id, 'data-flow-name': flow.name, 'data-filter': words.filter((word) => typeof word === 'string' && word).join(' ') },
      h('td', { class: 'name-cell', 'data-label': 'Name' }, flow.name),
      h('td', { 'data-label': 'Integration' }, integrationName(flow.integrationId)),
      h('td', { 'data-label': 'From → to' }, stepSummary(flow.source), h('span', { class: 'subtle' }, ' → '), stepSummary(flow.destination)),
      scheduleCell(flow),
      h('td', { class: 'run-cell', 'data-label': 'Last run' }, lastRunView(flow.id, latestRun(flow))),
      h('td', { class: 'actions' },
        running
          ? stopButton(flow)
          : h('button', { type: 'button', class: 'primary', 'data-testid': 'flow-run', onclick: () => runFlow(flow) }, 'Run'),
        h('button', { type: 'button', 'data-testid': 'flow-history', 'aria-expanded': open ? 'true' : 'false', onclick: () => toggleHistory(flow) }, open ? 'Hide history' : 'History'),
        h('button', { type: 'button', 'data-testid': 'flow-edit', onclick: () => editFlow(flow) }, 'Edit'),
        h('button', { type: 'button', class: 'danger-text', 'data-testid': 'flow-delete', onclick: () => deleteFlow(flow) }, 'Delete'))));
    if (open) body.append(h('tr', { class: 'history-row', 'data-testid': 'flow-history-row', 'data-flow-id': flow.id }, h('td', { colspan: '6' }, historyView(flow.id, renderFlows))));
  }
  disableIfOffline(body);
}

/** While a flow runs, its Run button is a Stop button (records not yet sent are not sent). */
function stopButton(flow) {
  const run = latestRun(flow);
  const stopping = Boolean(run && (run.cancelRequested || stopsAsked.has(run.id)));
  return h('button', { type: 'button', class: 'danger', 'data-testid': 'flow-stop', disabled: stopping || !run || !run.id, onclick: () => stopRun(flow, run) }, stopping ? 'Stopping…' : 'Stop');
}

/** Run ids whose Stop was pressed (the button stays "Stopping…" until the run has ended). */
const stopsAsked = new Set();

async function stopRun(flow, run) {
  stopsAsked.add(run.id);
  renderFlows();
  const resp = await api('POST', `/api/flows/${enc(flow.id)}/runs/${enc(run.id)}/cancel`);
  if (!resp.ok) {
    stopsAsked.delete(run.id);
    showMessage($('flows-message'), `“${flow.name}” was not stopped: ${describeError(resp)}`, 'error');
  } else {
    showMessage($('flows-message'), `Stopping “${flow.name}”: records not yet sent will not be sent; those on their way finish and are counted.`, 'info');
  }
  await loadFlows();
  renderFlows();
}

async function toggleHistory(flow) {
  if (histories.has(flow.id)) {
    histories.delete(flow.id);
    renderFlows();
    return;
  }
  histories.set(flow.id, { offset: 0 });
  renderFlows();
  await loadHistory(flow.id);
  renderFlows();
}

/** Keeps open histories current (a scheduled run appears by itself). */
export async function refreshHistories() {
  let any = false;
  for (const flowId of [...histories.keys()]) if (await loadHistory(flowId)) any = true;
  if (any) renderFlows();
}

async function runFlow(flow) {
  showMessage($('flows-message'), '');
  watched.set(flow.id, { status: 'running', read: 0, written: 0, failed: 0, skipped: 0, errors: [], startedAt: new Date().toISOString() });
  renderFlows();
  const resp = await api('POST', `/api/flows/${enc(flow.id)}/run`);
  if (!resp.ok || !resp.data || !resp.data.runId) {
    watched.set(flow.id, { error: `The flow did not start: ${describeError(resp)}` });
    renderFlows();
    return;
  }
  const runId = resp.data.runId;
  watched.set(flow.id, { ...watched.get(flow.id), id: runId });
  renderFlows();
  for (let misses = 0; misses < 25;) {
    await new Promise((resolve) => setTimeout(resolve, LIVE_POLL_MS));
    const poll = await api('GET', `/api/flows/${enc(flow.id)}/runs/${enc(runId)}`);
    if (!poll.ok) {
      misses += 1;
      continue;
    }
    misses = 0;
    watched.set(flow.id, poll.data);
    renderFlows();
    if (poll.data.status !== 'running') break;
  }
  await Promise.all([loadFlows(), loadFiles(), loadPools()]);
  watched.delete(flow.id);
  if (histories.has(flow.id)) await loadHistory(flow.id);
  renderFlows();
}

async function switchSchedule(flow, enabled) {
  const resp = await api('PUT', `/api/flows/${enc(flow.id)}`, {
    name: flow.name,
    source: flow.source,
    destination: flow.destination,
    schedule: { ...flow.schedule, enabled },
    ...(typeof flow.version === 'number' ? { version: flow.version } : {}),
  });
  showMessage($('flows-message'), resp.ok ? `The schedule of “${flow.name}” is ${enabled ? 'on' : 'off'}.` : `The schedule of “${flow.name}” was not changed: ${describeError(resp)}`, resp.ok ? 'success' : 'error');
  await loadFlows();
  renderFlows();
}

/** Says what goes with the flow before deleting it; a running flow is refused up front. */
async function deleteFlow(flow) {
  if (isRunning(flow)) {
    await confirmDialog({ title: `“${flow.name}” cannot be deleted yet`, text: 'Nothing was deleted: the flow is running. Wait until the run has finished, then delete it.' });
    return;
  }
  const ok = await confirmDialog({
    title: 'Delete flow',
    text: `Delete the flow “${flow.name}”? Its run history${flow.schedule ? ' and its schedule' : ''} go with it; its connections and files stay.`,
    okLabel: 'Delete',
    danger: true,
  });
  if (!ok) return;
  const resp = await api('DELETE', `/api/flows/${enc(flow.id)}`);
  showMessage($('flows-message'), resp.ok ? `Deleted flow “${flow.name}”.` : `“${flow.name}” was not deleted: ${describeError(resp)}`, resp.ok ? 'success' : 'error');
  histories.delete(flow.id);
  await loadFlows();
  renderFlows();
}
