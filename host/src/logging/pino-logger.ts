import pino from 'pino';
import type { DestinationStream, Logger as PinoInstance } from 'pino';
import type { Logger } from 'cartrover-connector/contracts';
import { REDACTION_CENSOR, REDACTION_PATHS } from './redaction-paths';
import type { SecretFieldRedaction } from './secret-field-redaction';

export interface LoggerOptions {
  readonly level?: string;
  /** Where log lines go (default stdout); tests pass a stream to read them. */
  readonly destination?: DestinationStream | NodeJS.WritableStream;
  /** The loaded forms' secret fields, censored in every line (filled as plugins load). */
  readonly secretFields?: SecretFieldRedaction;
}

/** The one pino instance of a host: the contract logger and fastify both write through it. */
export function createPinoInstance(options: LoggerOptions = {}): PinoInstance {
  const secretFields = options.secretFields;
  return pino(
    {
      level: options.level ?? 'info',
      redact: { paths: [...REDACTION_PATHS], censor: REDACTION_CENSOR },
      ...(secretFields ? { formatters: { log: (object: Record<string, unknown>) => secretFields.censor(object) } } : {}),
      base: { service: 'integration-host' },
    },
    (options.destination ?? pino.destination(1)) as DestinationStream,
  );
}

/** Adapts pino to the contract's `Logger` (message first, fields second). */
export class PinoLogger implements Logger {
  constructor(readonly pino: PinoInstance) {}

  debug(message: string, fields?: Record<string, unknown>): void {
    this.pino.debug(fields ?? {}, message);
  }

  info(message: string, fields?: Record<string, unknown>): void {
    this.pino.info(fields ?? {}, message);
  }

  warn(message: string, fields?: Record<string, unknown>): void {
    this.pino.warn(fields ?? {}, message);
  }

  error(message: string, fields?: Record<string, unknown>): void {
    this.pino.error(fields ?? {}, message);
  }

  child(bindings: Record<string, unknown>): PinoLogger {
    return new PinoLogger(this.pino.child(bindings));
  }
}
