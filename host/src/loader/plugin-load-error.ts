/** Why a plugin could not be loaded: one message naming the file and, where it applies, the field. */
export class PluginLoadError extends Error {
  override readonly name = 'PluginLoadError';

  constructor(
    readonly file: string,
    readonly field: string | undefined,
    readonly reason: string,
  ) {
    super(field ? `${file}: ${field}: ${reason}` : `${file}: ${reason}`);
  }
}
