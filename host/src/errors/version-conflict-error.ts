import { HostError } from './host-error';

/**
 * 412: the caller edited a version that is no longer current. `current` is the state now stored
 * (the caller re-reads nothing: it shows the user what changed and offers to apply again).
 */
export class VersionConflictError extends HostError {
  override readonly name = 'VersionConflictError';

  constructor(what: string, expected: number | undefined, current: { readonly version?: number } & object) {
    super(
      412,
      'version_conflict',
      `Someone else changed this ${what} meanwhile (you edited version ${expected ?? 'unknown'}, it is now version ${current.version ?? 'unknown'}); nothing was saved. Review the current state and apply your change again.`,
      { current, version: current.version },
    );
  }
}
