/*
 * Honest status: the page asks the host every POLL_MS whether it is there (and any request that
 * fails to reach it says so at once). While it is away every control that would need it is
 * disabled and a banner says why; when it is back they come back and the lists are reloaded.
 */
import { api, onReachability } from './api.js';
import { $ } from './dom.js';

const POLL_MS = 1500;
let online;
const backListeners = new Set();

/** `listener()` runs each time the host comes back after being away. */
export function onHostBack(listener) {
  backListeners.add(listener);
}

export function hostOnline() {
  return online !== false;
}

const CONTROLS = 'main button, main input, main select, main textarea, dialog button, dialog input, dialog select, dialog textarea';

function setOnline(reachable) {
  if (online === reachable) return;
  const wasOffline = online === false;
  online = reachable;
  const badge = $('server-status');
  badge.textContent = reachable ? 'Online' : 'Offline';
  badge.className = `server-status ${reachable ? 'ok' : 'bad'}`;
  badge.dataset.state = reachable ? 'online' : 'offline';
  $('offline-banner').hidden = reachable;
  document.body.classList.toggle('host-offline', !reachable);
  if (!reachable) {
    for (const control of document.querySelectorAll(CONTROLS)) {
      if (control.disabled || control.dataset.keepOffline === 'true') continue;
      control.disabled = true;
      control.dataset.offlineDisabled = 'true';
    }
  } else {
    for (const control of document.querySelectorAll('[data-offline-disabled="true"]')) {
      control.disabled = false;
      delete control.dataset.offlineDisabled;
    }
    if (wasOffline) for (const listener of backListeners) listener();
  }
}

/** Elements created while offline start disabled too. */
export function disableIfOffline(root) {
  if (hostOnline()) return;
  for (const control of root.querySelectorAll('button, input, select, textarea')) {
    if (control.disabled || control.dataset.keepOffline === 'true') continue;
    control.disabled = true;
    control.dataset.offlineDisabled = 'true';
  }
}

export async function checkHealth() {
  const resp = await api('GET', '/api/health');
  setOnline(resp.status !== 0 && resp.ok);
}

export function startStatusWatch(tick) {
  onReachability((reachable) => {
    if (!reachable) setOnline(false);
  });
  const loop = async () => {
    await checkHealth();
    if (online) await tick();
    setTimeout(loop, POLL_MS);
  };
  return loop();
}
