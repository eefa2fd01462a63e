import type { HostConfiguration } from 'cartrover-connector/contracts';

/**
 * Settings decided when the host starts (flags, environment, the sandbox URL). Deliberately not a
 * window onto process.env: a plugin sees only what the host chose to hand it.
 */
export class StaticHostConfiguration implements HostConfiguration {
  readonly #settings: ReadonlyMap<string, string>;

  constructor(settings: Readonly<Record<string, string | undefined>>) {
    this.#settings = new Map(Object.entries(settings).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ''));
  }

  get(key: string): string | undefined {
    return this.#settings.get(key);
  }

  entries(): ReadonlyMap<string, string> {
    return this.#settings;
  }
}
