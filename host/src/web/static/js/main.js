/*
 * The reference host's web page: ES modules by concern, no framework, no build step. This module
 * wires them: what re-renders when which list changes, the status watch, and the first load.
 */
import { renderConnectionApps, renderConnections, setUpConnections } from './connections.js';
import { setUpConnectionDialog } from './connection-dialog.js';
import { loadConnections, loadEverything, loadFiles, loadFlows, loadIntegrations, loadPools } from './data.js';
import { refreshFileChoices, refreshStepConnections, renderFlowIntegrationOptions, renderStepApps, renderSteps, setUpFlowEditor } from './flow-editor.js';
import { refreshHistories, renderFlows } from './flows.js';
import { renderFiles, setUpFiles } from './files.js';
import { setUpFileUpload } from './file-upload.js';
import { renderIntegrations, setUpIntegrations } from './integrations.js';
import { setUpLogout } from './logout.js';
import { setUpFilters } from './filters.js';
import { renderTitle, setUpViews } from './views.js';
import { renderPools } from './pools.js';
import { on } from './state.js';
import { onHostBack, startStatusWatch } from './status.js';

on(['apps'], () => {
  renderTitle();
  renderConnectionApps();
  renderStepApps();
  renderConnections();
  renderFlows();
});
on(['connections'], () => {
  renderConnections();
  renderIntegrations();
  refreshStepConnections();
  renderFlows();
});
on(['integrations'], () => {
  renderIntegrations();
  renderFlowIntegrationOptions();
  refreshStepConnections();
  renderFlows();
});
on(['flows'], () => {
  renderFlows();
  renderIntegrations();
  renderFiles();
  renderConnections();
});
on(['files'], () => {
  renderFiles();
  refreshFileChoices();
});
on(['pools'], () => {
  renderPools();
  renderConnections();
});

/** Every status tick while the host is there: what changes by itself (runs, schedules, load). */
async function tick() {
  await Promise.all([loadFlows(), loadPools(), loadConnections(), loadFiles(), refreshHistories()]);
}

async function start() {
  setUpViews();
  setUpFilters();
  setUpConnections();
  setUpConnectionDialog();
  setUpIntegrations();
  setUpFlowEditor();
  setUpFiles();
  setUpLogout();
  setUpFileUpload();
  onHostBack(() => {
    loadEverything();
    loadIntegrations();
    loadFiles();
  });
  await loadEverything();
  // An empty list equals the state the page starts with, so loading it announces no change:
  // render every list once, so a first start shows each one's empty-state sentence.
  renderConnections();
  renderIntegrations();
  renderFlows();
  renderFiles();
  renderPools();
  renderSteps();
  document.body.dataset.ready = 'true';
  startStatusWatch(tick);
}

start();
