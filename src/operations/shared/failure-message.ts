import { isCartRoverError } from '../../cartrover';

/**
 * The message a record result or log line carries for a failure: CartRover's own words plus the
 * process id its support asks for. Client errors never contain credentials (the client redacts).
 */
export function failureMessage(error: unknown): string {
  if (isCartRoverError(error)) {
    return error.processId === undefined ? error.message : `${error.message} (CartRover process id ${error.processId})`;
  }
  return error instanceof Error ? error.message : String(error);
}
