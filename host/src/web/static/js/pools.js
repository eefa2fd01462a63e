/* The concurrency pools: each named after its root connection, with its level, load and members. */
import { $, h } from './dom.js';
import { state } from './state.js';
import { whenPointerFree } from './pointer-guard.js';

/** Re-renders the list, but never between a press and its release (see pointer-guard.js). */
export function renderPools() {
  whenPointerFree('renderPools', renderPoolsNow);
}

function renderPoolsNow() {
  const body = $('pools-body');
  body.replaceChildren();
  $('pools-empty').hidden = state.pools.length > 0;
  for (const pool of state.pools) {
    const borrowers = (pool.members || []).filter((member) => member.id !== pool.rootConnectionId);
    body.append(h('tr', { 'data-testid': 'pool-row', 'data-pool-id': pool.poolId, 'data-pool-name': pool.name, 'data-filter': [pool.name, ...(pool.members || []).map((member) => member.name)].join(' ') },
      h('td', { class: 'name-cell', 'data-label': 'Pool of' }, pool.name, pool.degraded ? h('div', { class: 'subtle error-text', 'data-testid': 'pool-degraded' }, 'Not in step with the connections; see the host log') : null),
      h('td', { 'data-label': 'Level' }, String(pool.level)),
      h('td', { 'data-label': 'In flight', 'data-testid': 'pool-in-flight', 'data-count': String(pool.inFlight) }, String(pool.inFlight)),
      h('td', { 'data-label': 'Queued', 'data-testid': 'pool-queued', 'data-count': String(pool.queued) }, String(pool.queued)),
      h('td', { 'data-label': 'Borrowers', 'data-testid': 'pool-members' }, borrowers.length ? borrowers.map((member) => member.name).join(', ') : h('span', { class: 'subtle' }, 'None'))));
  }
}
