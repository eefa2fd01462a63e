import { HostError } from '../errors/host-error';

/**
 * The change was stored, but the app's lifecycle could not bring its concurrency pools in step
 * (for example the pool backend is unreachable): requests keep the old pools and levels until a
 * later sync succeeds, so the caller must know, and /api/pools shows the pools as degraded.
 */
export class PoolSyncError extends HostError {
  override readonly name = 'PoolSyncError';

  constructor(appId: string, reason: string) {
    super(
      503,
      'pools_out_of_step',
      `The change was saved, but the concurrency pools of app "${appId}" could not be updated (${reason}); requests keep the previous pools until a later save or a restart succeeds`,
      { appId },
    );
  }
}
