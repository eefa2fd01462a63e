import type { Logger } from 'cartrover-connector/contracts';
import type { NodeRedLog } from '../node-red-api';

/** The plugin's structured log lines, written to Node-RED's log (`RED.log`) as one line each. */
export class NodeRedLogger implements Logger {
  constructor(private readonly log: NodeRedLog) {}

  debug(message: string, fields?: Record<string, unknown>): void {
    this.log.debug(line(message, fields));
  }

  info(message: string, fields?: Record<string, unknown>): void {
    this.log.info(line(message, fields));
  }

  warn(message: string, fields?: Record<string, unknown>): void {
    this.log.warn(line(message, fields));
  }

  error(message: string, fields?: Record<string, unknown>): void {
    this.log.error(line(message, fields));
  }
}

function line(message: string, fields: Record<string, unknown> | undefined): string {
  const shown = fields && Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : '';
  return `[cartrover] ${message}${shown}`;
}
