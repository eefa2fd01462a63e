/** Words that make a field look like it holds a secret. */
const SECRET_LOOKING = /key|token|password|secret/i;

export interface SecretGuardField {
  readonly id: string;
  readonly label: string;
  readonly writeOnly: boolean;
}

/**
 * Registration-time check: a field whose id or label looks secret but is not `writeOnly` would be
 * echoed in rendered forms, stored in clear and logged. Refuse such a form outright rather than
 * hope nobody types a key into it.
 */
export function assertSecretFieldsAreWriteOnly(appId: string, fields: readonly SecretGuardField[]): void {
  for (const field of fields) {
    if (field.writeOnly) continue;
    const match = SECRET_LOOKING.exec(field.id) ?? SECRET_LOOKING.exec(field.label);
    if (match) {
      throw new Error(
        `Connection form "${appId}": field "${field.id}" (label "${field.label}") looks like a secret ` +
          `(it mentions "${match[0].toLowerCase()}") but is not marked "writeOnly": true in the schema. ` +
          'Mark it writeOnly so that it is encrypted and never echoed, or rename it.',
      );
    }
  }
}
