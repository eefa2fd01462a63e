/** Another connection already has this name (compared case-insensitively). */
export class NameTakenError extends Error {
  override readonly name = 'NameTakenError';

  constructor(readonly connectionName: string) {
    super(`A connection named "${connectionName}" already exists`);
  }
}
