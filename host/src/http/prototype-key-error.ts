import { HostError } from '../errors/host-error';

/**
 * Where in a JSON text a key sits that fastify's parser refuses (prototype poisoning): a
 * `__proto__` key, or a `constructor` key holding `prototype`; undefined when there is none or the
 * text is not JSON. `JSON.parse` keeps `__proto__` as an ordinary own key, so the walk is safe.
 */
export function prototypeKeyPath(text: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  const walk = (value: unknown, path: string): string | undefined => {
    if (typeof value !== 'object' || value === null) return undefined;
    const at = (key: string): string => (path === '' ? key : Array.isArray(value) ? `${path}[${key}]` : `${path}.${key}`);
    if (!Array.isArray(value)) {
      if (Object.prototype.hasOwnProperty.call(value, '__proto__')) return at('__proto__');
      const holder = (value as Record<string, unknown>).constructor;
      if (Object.prototype.hasOwnProperty.call(value, 'constructor') && typeof holder === 'object' && holder !== null && Object.prototype.hasOwnProperty.call(holder, 'prototype')) return `${at('constructor')}.prototype`;
    }
    for (const [key, child] of Object.entries(value)) {
      const found = walk(child, at(key));
      if (found !== undefined) return found;
    }
    return undefined;
  };
  return walk(parsed, '');
}

/** A JSON body with such a key: 400 with a sentence naming it, not "not valid JSON" (it is). */
export class PrototypeKeyError extends HostError {
  override readonly name = 'PrototypeKeyError';

  constructor(path: string) {
    super(400, 'bad_request', `The body has the key "${path}", which the host refuses: no field is named so, and such a key could change what every object of the host is. Remove it and send the body again.`);
  }
}
