import jsonata from 'jsonata';

/** What a flow's transform made of one record. */
export type TransformOutcome =
  | { readonly kind: 'record'; readonly record: Record<string, unknown> }
  /** The expression gave nothing (undefined or null): the record is left out and counted as skipped. */
  | { readonly kind: 'dropped' }
  | { readonly kind: 'failed'; readonly message: string };

export interface RecordTransform {
  readonly expression: string;
  apply(record: unknown): Promise<TransformOutcome>;
}

interface JsonataFailure {
  readonly message?: string;
  readonly position?: number;
  readonly token?: string;
}

/** "… at character 14, near “)”": where in the expression JSONata stopped. */
function where(error: JsonataFailure): string {
  if (typeof error.position !== 'number') return '';
  const near = error.token === '(end)' ? ', at its end' : typeof error.token === 'string' && error.token !== '' ? `, near “${error.token}”` : '';
  return ` (at character ${error.position}${near})`;
}

function sentenceOf(error: unknown): string {
  const failure = (error ?? {}) as JsonataFailure;
  const message = (failure.message ?? String(error)).replace(/\.\s*$/, '');
  return `${message}${where(failure)}`;
}

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  return `a ${typeof value}`;
}

/** Why `expression` is not a JSONata expression (a sentence naming the position), or undefined. */
export function transformProblem(expression: string): string | undefined {
  if (expression.trim() === '') return 'The transform is empty; write a JSONata expression such as { "cust_ref": order_number } or leave it out.';
  try {
    jsonata(expression);
    return undefined;
  } catch (error) {
    return `The transform is not a valid JSONata expression: ${sentenceOf(error)}.`;
  }
}

/**
 * A flow's transform (a JSONata expression, as Node-RED's change node uses) applied to one record
 * at a time: the record is the expression's input (`$` / field names). A result that is an object
 * is the record sent on; nothing (undefined or null) drops it; anything else fails that record.
 */
export function compileTransform(expression: string): RecordTransform {
  const compiled = jsonata(expression);
  return {
    expression,
    async apply(record: unknown): Promise<TransformOutcome> {
      let result: unknown;
      try {
        result = await compiled.evaluate(record);
      } catch (error) {
        return { kind: 'failed', message: `The transform failed: ${sentenceOf(error)}.` };
      }
      if (result === undefined || result === null) return { kind: 'dropped' };
      if (typeof result === 'object' && !Array.isArray(result)) return { kind: 'record', record: { ...(result as Record<string, unknown>) } };
      return { kind: 'failed', message: `The transform made ${kindOf(result)}, not a record: the expression must give an object such as { "cust_ref": … }, or nothing to leave the record out.` };
    },
  };
}
