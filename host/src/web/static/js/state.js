/*
 * What the page knows (loaded from the host), the lookups every section uses, and a tiny change
 * signal: a loader publishes "connections changed", each section re-renders what it shows.
 */

export const state = {
  apps: [],
  connections: [],
  integrations: [],
  flows: [],
  files: [],
  pools: [],
  /** appId -> operations (or a pending promise). */
  operations: new Map(),
};

const subscribers = new Map();

/** Calls `render` whenever one of `topics` changes. */
export function on(topics, render) {
  for (const topic of topics) {
    if (!subscribers.has(topic)) subscribers.set(topic, new Set());
    subscribers.get(topic).add(render);
  }
}

export function changed(topic) {
  for (const render of subscribers.get(topic) || []) render();
}

export function appById(appId) {
  return state.apps.find((app) => app.id === appId);
}

export function appName(appId) {
  const app = appById(appId);
  return app ? app.name : appId;
}

/**
 * The page's title, from the apps the host serves (no app is named in the page's code): the
 * plugins' apps ("<name> connector"), or "Integration host" before they load or when none has
 * connections.
 */
export function pageTitle() {
  const names = state.apps.filter((app) => app.hasConnections).map((app) => app.name);
  return names.length > 0 ? `${names.join(' & ')} connector` : 'Integration host';
}

/** Apps whose connections the user manages. */
export function needsConnection(appId) {
  const app = appById(appId);
  return Boolean(app && app.hasConnections);
}

/** The apps a user can make connections for (from /api/apps: no app id is built into the page). */
export function connectableApps() {
  return state.apps.filter((app) => app.hasConnections);
}

export function usesFiles(appId) {
  const app = appById(appId);
  return Boolean(app && app.usesFiles);
}

export function connectionById(id) {
  return state.connections.find((connection) => connection.id === id);
}

export function connectionName(id) {
  const connection = connectionById(id);
  return connection ? connection.name : 'a deleted connection';
}

export function integrationName(id) {
  const integration = state.integrations.find((candidate) => candidate.id === id);
  return integration ? integration.name : 'a deleted integration';
}

/** The connections that borrow this one's concurrency (directly). */
export function borrowersOf(connectionId) {
  return state.connections.filter((connection) => connection.borrowConcurrencyFrom === connectionId);
}

/** Flows with a step on this connection. */
export function flowsUsingConnection(connectionId) {
  return state.flows.filter((flow) => [flow.source, flow.destination].some((step) => step && step.connectionId === connectionId));
}

/** The pool a connection's requests run in (its own, or its lender's). */
export function poolOf(connectionId) {
  return state.pools.find((pool) => (pool.connectionIds || []).includes(connectionId));
}
