/** CartRover API levels this client talks to; each has its own keys and path prefix. */
export type ApiLevel = 'merchant' | 'cart';

/** CartRover sends many numbers as strings ("8.0000"), some as numbers: accept both. */
export type NumericValue = string | number;

/** CartRover's Y/N flags. */
export type YesNo = 'Y' | 'N';
