import { HostError } from './host-error';

/** Error codes of a write that found no room: the disk is full, or the user's quota is spent. */
const NO_SPACE_CODES: ReadonlySet<string> = new Set(['ENOSPC', 'EDQUOT']);

export function isNoSpaceError(error: unknown): boolean {
  return NO_SPACE_CODES.has(String((error as NodeJS.ErrnoException | undefined)?.code));
}

/** 507: the data folder's disk is full (or over quota); what was being written is not kept. */
export class InsufficientStorageError extends HostError {
  override readonly name = 'InsufficientStorageError';

  constructor(what: string, cause: NodeJS.ErrnoException) {
    super(507, 'insufficient_storage', `The disk is full (${cause.code === 'EDQUOT' ? 'the disk quota is used up' : 'no space left on the device'}): ${what} was not stored; free some space and try again`);
  }
}
