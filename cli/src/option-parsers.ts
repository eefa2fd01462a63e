import { redactRedisUrl } from 'cartrover-connector/contracts';
import { UsageError } from './usage-error';

export function parsePort(value: string | undefined, fallback: number, name = '--port'): number {
  if (value === undefined || value === '') return fallback;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new UsageError(`${name} must be a port number 0..65535 (got "${value}")`);
  return port;
}

export function parseUrl(value: string | undefined, name: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${name} must be an http(s) URL (got "${value}")`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`${name} must be an http(s) URL (got "${value}")`);
  return value.replace(/\/+$/, '');
}

export function parseJsonObject(value: string | undefined, name: string): Record<string, unknown> {
  if (value === undefined) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (error) {
    throw new UsageError(`${name} is not valid JSON (${(error as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new UsageError(`${name} must be a JSON object`);
  return parsed as Record<string, unknown>;
}

/** `redis://` or `rediss://` URL of the Redis that shares the concurrency pools; undefined when unset. */
export function parseRedisUrl(value: string | undefined, name: string): string | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new UsageError(`${name} must be a redis:// URL (got "${redactRedisUrl(value)}")`);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') throw new UsageError(`${name} must be a redis:// or rediss:// URL (got "${redactRedisUrl(value)}")`);
  return value.trim();
}

/**
 * `--concurrency`: requests in flight to CartRover at once, a whole number; undefined when not given
 * (the connection's default level). Its range is the connection form's: the session validates it
 * through the form, which names the bounds (the schema is their one owner).
 */
export function parseConcurrency(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`--concurrency must be a whole number (got "${value}")`);
  return Number(value);
}
