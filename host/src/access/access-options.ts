/** How the host is protected (README.md, access). */
export interface AccessOptions {
  /** The token REST callers send as `Authorization: Bearer` and the login URL carries. */
  readonly token: string;
  /** `Host` header names accepted besides the loopback names (`--allowed-hosts`). */
  readonly allowedHosts: readonly string[];
}
