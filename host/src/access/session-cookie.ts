import { createHash, createHmac } from 'node:crypto';
import { sameSecret } from './host-token';

export const SESSION_COOKIE = 'cartrover_session';
/** A login lasts a day; after that the login URL is needed again (OWASP ASVS 3.3). */
export const SESSION_LIFETIME_MS = 24 * 60 * 60 * 1000;

/**
 * Stateless sessions: `<issuedAt>.<HMAC(token, issuedAt)>`. Every host on the data folder (same
 * token) accepts it, a restart keeps it, and a new token ends every session at once.
 */
export function issueSession(token: string, now: number): string {
  return `${now}.${signature(token, now)}`;
}

export function validSession(cookie: string | undefined, token: string, now: number): boolean {
  if (cookie === undefined) return false;
  const match = /^([0-9]{1,15})\.([A-Za-z0-9_-]{43})$/.exec(cookie);
  if (!match) return false;
  const issuedAt = Number(match[1]);
  if (now - issuedAt > SESSION_LIFETIME_MS || issuedAt - now > 60_000) return false;
  return sameSecret(match[2]!, signature(token, issuedAt));
}

export function sessionCookieHeader(value: string): string {
  return `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${SESSION_LIFETIME_MS / 1000}`;
}

/** Tells the browser to drop the session cookie (log out). */
export function clearedSessionCookieHeader(): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`;
}

/** What an ended session is remembered by: a hash, so the table holds nothing that logs in. */
export function sessionHash(cookie: string): string {
  return createHash('sha256').update(cookie).digest('base64url');
}

/** When a session cookie expires on its own (its issue time plus the lifetime). */
export function sessionExpiry(cookie: string): number {
  const issuedAt = Number(cookie.split('.')[0]);
  return (Number.isFinite(issuedAt) ? issuedAt : 0) + SESSION_LIFETIME_MS;
}

/** The value of one cookie from a Cookie header (no library: one name, no attributes to parse). */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

function signature(token: string, issuedAt: number): string {
  return createHmac('sha256', token).update(`session:${issuedAt}`).digest('base64url');
}
