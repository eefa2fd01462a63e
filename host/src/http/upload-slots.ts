import { HostError } from '../errors/host-error';

/** Uploads stored at once; each holds a temporary file and a line buffer, so a few is plenty. */
export const MAX_PARALLEL_UPLOADS = 4;
/** What a refused upload is told to wait before it tries again. */
export const UPLOAD_RETRY_AFTER_S = 2;

/**
 * At most `size` uploads run at once; the others are refused at once with 503 and Retry-After
 * (never queued: a queued upload would hold its connection and its bytes in the kernel).
 */
export class UploadSlots {
  #busy = 0;

  constructor(private readonly size: number = MAX_PARALLEL_UPLOADS) {}

  /** Runs `work` in a slot, or throws the 503 when all are taken. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.#busy >= this.size) {
      throw new HostError(503, 'uploads_busy', `${this.size} uploads are being stored already; send this one again in ${UPLOAD_RETRY_AFTER_S} s`);
    }
    this.#busy += 1;
    try {
      return await work();
    } finally {
      this.#busy -= 1;
    }
  }
}
