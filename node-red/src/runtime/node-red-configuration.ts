import type { HostConfiguration } from 'cartrover-connector/contracts';
import { REDIS_URL_SETTING } from 'cartrover-connector/contracts';

/** The keys of Node-RED's `cartrover` setting and the host setting each one stands for. */
export const SETTING_KEYS: Readonly<Record<string, string>> = {
  baseUrl: 'CARTROVER_BASE_URL',
  redisUrl: REDIS_URL_SETTING,
  timeoutMs: 'CARTROVER_TIMEOUT_MS',
  timeoutCooldownMs: 'CARTROVER_TIMEOUT_COOLDOWN_MS',
  redisKeyPrefix: 'REDIS_KEY_PREFIX',
  redisPoolSliceMs: 'REDIS_POOL_SLICE_MS',
};

/**
 * Host configuration from Node-RED's settings file (`cartrover: { baseUrl, redisUrl, ... }`), else
 * the environment (`CARTROVER_BASE_URL`, `REDIS_URL`, ...). Where CartRover is reached is the
 * runtime's setting, never a node property: an editor user must not point a key elsewhere.
 */
export class NodeRedConfiguration implements HostConfiguration {
  readonly #fromSettings: ReadonlyMap<string, string>;

  constructor(
    settings: Record<string, unknown>,
    private readonly environment: NodeJS.ProcessEnv = process.env,
  ) {
    const section = settings.cartrover;
    const entries: Array<[string, string]> = [];
    if (typeof section === 'object' && section !== null) {
      for (const [name, key] of Object.entries(SETTING_KEYS)) {
        const value = (section as Record<string, unknown>)[name];
        if (value !== undefined && value !== null && String(value).trim() !== '') entries.push([key, String(value)]);
      }
    }
    this.#fromSettings = new Map(entries);
  }

  get(key: string): string | undefined {
    return this.#fromSettings.get(key) ?? this.environment[key];
  }
}
