/**
 * Host settings a plugin may read (for example `CARTROVER_BASE_URL`). Settings that decide where
 * credentials are sent belong here, never in a user-editable connection form.
 */
export interface HostConfiguration {
  get(key: string): string | undefined;
}
