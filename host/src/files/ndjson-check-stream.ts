import { Transform } from 'node:stream';
import type { TransformCallback } from 'node:stream';
import { HostError } from '../errors/host-error';
import { MAX_REPORTED_LINES, checkNdjsonLine } from './ndjson-check';
import type { NdjsonProblems } from './ndjson-check';

/** Longest line (one record) an upload may have: memory stays bounded by it, whatever the file's size. */
export const MAX_LINE_BYTES = 1024 * 1024;
const NEWLINE = 0x0a;

/**
 * Passes an upload's bytes through unchanged while checking its lines on the way (each non-blank
 * line a JSON object), so a file is checked without ever being held whole in memory. After the
 * first problem nothing more is passed on (the upload will be refused; no point filling the disk),
 * but the rest is still read and checked, to name up to 20 bad lines. More than `limit` bytes fail
 * the stream with 413.
 */
export class NdjsonCheckStream extends Transform {
  readonly problems: NdjsonProblems = { errors: {}, messages: {} };
  records = 0;
  bytes = 0;
  #line: Buffer[] = [];
  #lineBytes = 0;
  #lineNumber = 1;
  #tooLong = false;

  constructor(private readonly limit: number) {
    super();
  }

  get valid(): boolean {
    return Object.keys(this.problems.errors).length === 0;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.limit) {
      callback(new HostError(413, 'payload_too_large', `The body is larger than the limit of ${this.limit} bytes`));
      return;
    }
    let start = 0;
    for (let newline = chunk.indexOf(NEWLINE); newline >= 0; newline = chunk.indexOf(NEWLINE, start)) {
      this.#take(chunk.subarray(start, newline));
      this.#endLine();
      start = newline + 1;
    }
    this.#take(chunk.subarray(start));
    if (this.valid) this.push(chunk);
    callback();
  }

  override _flush(callback: TransformCallback): void {
    this.#endLine();
    callback();
  }

  #take(part: Buffer): void {
    if (part.length === 0 || this.#tooLong) return;
    if (this.#lineBytes + part.length > MAX_LINE_BYTES) {
      this.#tooLong = true;
      this.#line = [];
      this.#lineBytes = 0;
      return;
    }
    this.#line.push(part);
    this.#lineBytes += part.length;
  }

  #endLine(): void {
    const number = this.#lineNumber;
    this.#lineNumber += 1;
    const reporting = Object.keys(this.problems.errors).length < MAX_REPORTED_LINES;
    if (this.#tooLong) {
      this.#tooLong = false;
      if (reporting) {
        this.problems.errors[`line ${number}`] = `is longer than ${MAX_LINE_BYTES} bytes`;
        this.problems.messages[`line ${number}`] = `Line ${number} is longer than 1 MiB; a record must fit in 1 MiB.`;
      }
      return;
    }
    const text = Buffer.concat(this.#line, this.#lineBytes).toString('utf8');
    this.#line = [];
    this.#lineBytes = 0;
    if (!reporting) return;
    if (checkNdjsonLine(text, number, this.problems)) this.records += 1;
  }
}
