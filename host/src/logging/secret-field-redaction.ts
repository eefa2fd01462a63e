import type { AppContribution } from 'cartrover-connector/contracts';
import { REDACTION_CENSOR } from './redaction-paths';

/** How deep a log object is searched (pino's own paths above reach three levels). */
const MAX_DEPTH = 4;

/**
 * The secret fields of the loaded apps' connection forms (`connectionForm.secretFields`: the
 * schema's `writeOnly` properties, rendered as `password`), censored in every log line wherever they
 * appear as keys of plain objects. The host learns them from the forms as plugins load, so a
 * plugin's new secret field is redacted without a host change: the host spells no plugin's field
 * (its own secrets, such as the token, are redaction-paths.ts's). A second line of defence: code
 * must not log secrets in the first place.
 */
export class SecretFieldRedaction {
  readonly #names = new Set<string>();

  /** Adds the secret fields of these apps' forms. */
  learnFormsOf(apps: readonly AppContribution[]): void {
    for (const app of apps) for (const field of app.connectionForm.secretFields) this.#names.add(field);
  }

  /** The log object with every secret field censored: a copy where one was found, else the object itself. */
  censor<T extends object>(object: T): T {
    return this.#names.size === 0 ? object : (this.#censorValue(object, 0) as T);
  }

  #censorValue(value: unknown, depth: number): unknown {
    if (depth > MAX_DEPTH || typeof value !== 'object' || value === null) return value;
    if (Array.isArray(value)) {
      const items = value.map((item) => this.#censorValue(item, depth + 1));
      return items.some((item, index) => item !== value[index]) ? items : value;
    }
    // Errors, buffers, requests and other class instances go through pino's serializers as they are.
    const prototype = Object.getPrototypeOf(value) as unknown;
    if (prototype !== Object.prototype && prototype !== null) return value;
    let copy: Record<string, unknown> | undefined;
    for (const [key, field] of Object.entries(value)) {
      const censored = this.#names.has(key) && field !== undefined ? REDACTION_CENSOR : this.#censorValue(field, depth + 1);
      if (censored === field) continue;
      copy ??= { ...(value as Record<string, unknown>) };
      copy[key] = censored;
    }
    return copy ?? value;
  }
}
