/*
 * Calls to the host's REST API. Never throws: a host that cannot be reached comes back as status 0,
 * and tells the status module, which greys out what cannot work until the host is back.
 */

const listeners = new Set();

/** `listener(reachable)` is called after every request that reached the host or failed to. */
export function onReachability(listener) {
  listeners.add(listener);
}

function report(reachable) {
  for (const listener of listeners) listener(reachable);
}

export const enc = encodeURIComponent;

export async function api(method, path, body, options = {}) {
  const init = { method, headers: { accept: 'application/json' }, credentials: 'same-origin' };
  if (body !== undefined) {
    if (options.contentType) {
      init.headers['content-type'] = options.contentType;
      init.body = body;
    } else {
      init.headers['content-type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch {
    report(false);
    return { ok: false, status: 0, data: { error: 'offline', message: 'The host cannot be reached. Check that it is running; the page reconnects by itself.' } };
  }
  report(true);
  let text = '';
  try {
    text = await response.text();
  } catch {
    text = '';
  }
  if (options.raw && response.ok) return { ok: true, status: response.status, data: text, headers: response.headers };
  let data;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = { error: 'bad_response', message: `The host answered something unexpected (HTTP ${response.status}).` };
    }
  }
  return { ok: response.ok, status: response.status, data, headers: response.headers };
}

/** The human sentences of an answer's field errors: `messages` when the host sends them. */
export function fieldMessages(resp) {
  const data = resp && resp.data;
  if (!data || typeof data !== 'object') return {};
  const messages = data.messages && typeof data.messages === 'object' ? data.messages : data.errors;
  return messages && typeof messages === 'object' && !Array.isArray(messages) ? messages : {};
}

const STATUS_SENTENCES = {
  401: 'You are not logged in: open the login link the host printed when it started.',
  403: 'The host refused this request.',
  404: 'It no longer exists; the list has been refreshed.',
  412: 'Someone else changed this meanwhile; nothing was saved. Look at the current state and apply your change again.',
  413: 'That is too large for the host.',
};

/** An error answer as one sentence for people, never `null` or a bare code. */
export function describeError(resp, fallback) {
  const data = resp && resp.data;
  if (resp && resp.status === 412) return (data && data.message) || STATUS_SENTENCES[412];
  if (data && typeof data === 'object' && typeof data.message === 'string' && data.message !== '') return data.message;
  if (resp && STATUS_SENTENCES[resp.status]) return STATUS_SENTENCES[resp.status];
  return fallback || `The request failed (HTTP ${resp ? resp.status : 'unknown'}).`;
}
