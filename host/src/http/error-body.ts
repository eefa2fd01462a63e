/** Every error answer of the API has this shape. */
export interface ErrorBody {
  readonly error: string;
  readonly message: string;
  readonly errors?: Readonly<Record<string, string>>;
  readonly [detail: string]: unknown;
}
