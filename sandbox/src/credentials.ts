/** Reads the API user and key a request presents: HTTP Basic first, else the legacy query parameters. */
import type { IncomingHttpHeaders } from 'node:http';

export interface PresentedCredentials {
  apiUser: string;
  apiKey: string;
}

function fromBasicHeader(header: string | undefined): PresentedCredentials | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { apiUser: decoded.slice(0, colon), apiKey: decoded.slice(colon + 1) };
}

/** The old docs allow `?api_user=…&api_key=…` on any request; we accept it too (reference §3). */
function fromQuery(query: URLSearchParams): PresentedCredentials | undefined {
  const apiUser = query.get('api_user');
  const apiKey = query.get('api_key');
  if (apiUser === null || apiKey === null) return undefined;
  return { apiUser, apiKey };
}

export function readCredentials(headers: IncomingHttpHeaders, query: URLSearchParams): PresentedCredentials | undefined {
  return fromBasicHeader(headers.authorization) ?? fromQuery(query);
}
