import type { CartRoverCredentials } from './credentials';
import { basicAuthorization } from './credentials';

const REDACTED = '[REDACTED]';

/** Query parameters that carried credentials in CartRover's legacy URL auth. */
const SECRET_QUERY_PARAMS = new Set(['api_key', 'api_user', 'apikey', 'key', 'password', 'token']);

/**
 * Removes every form of the credentials from a text the server sent back (an error message could
 * echo what it received): the key, its URL-encoded form and the Basic header value.
 */
export function redactCredentials(text: string, credentials: CartRoverCredentials): string {
  const header = basicAuthorization(credentials);
  const secrets = [header, header.slice('Basic '.length), credentials.apiKey, encodeURIComponent(credentials.apiKey)];
  let result = text;
  for (const secret of secrets) {
    if (secret.length >= 4) result = result.split(secret).join(REDACTED);
  }
  return result;
}

/** A path safe to log: the query string keeps its keys but loses the values of secret ones. */
export function sanitizePath(pathWithQuery: string): string {
  const queryStart = pathWithQuery.indexOf('?');
  if (queryStart < 0) return pathWithQuery;
  const path = pathWithQuery.slice(0, queryStart);
  const params = new URLSearchParams(pathWithQuery.slice(queryStart + 1));
  for (const key of [...params.keys()]) {
    if (SECRET_QUERY_PARAMS.has(key.toLowerCase())) params.set(key, REDACTED);
  }
  const query = params.toString();
  return query === '' ? path : `${path}?${query}`;
}

/** A path without its query string: what errors carry. */
export function pathOnly(pathWithQuery: string): string {
  const queryStart = pathWithQuery.indexOf('?');
  return queryStart < 0 ? pathWithQuery : pathWithQuery.slice(0, queryStart);
}
