import type { HostTokenSource } from './host-token';

/** Where ended sessions are kept (the host's database), so every host on the folder refuses them. */
export interface EndedSessions {
  has(sessionHash: string): boolean;
  end(sessionHash: string, expiresAt: number, now: number): void;
}

/** How the host is protected (README.md, access). */
export interface AccessOptions {
  /** The token REST callers send as `Authorization: Bearer` (also accepted as `/?token=`); it may be rotated while the host runs. */
  readonly token: HostTokenSource;
  /** `Host` header names accepted besides the loopback names (`--allowed-hosts`). */
  readonly allowedHosts: readonly string[];
  readonly endedSessions: EndedSessions;
}
