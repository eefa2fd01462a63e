import type { HostConfiguration } from '../contracts';

/** Used only when the host binds no configuration: the process environment (`CARTROVER_BASE_URL`, `REDIS_URL`, ...). */
export class EnvironmentConfiguration implements HostConfiguration {
  get(key: string): string | undefined {
    return process.env[key];
  }
}
