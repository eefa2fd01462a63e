/** The Y/N `include_*` query flags of view and list order calls (reference §5.3). */
import { ApiError } from './api-answer';

export interface IncludeFlags {
  filteredItems: boolean;
  orderExtras: boolean;
  lineExtras: boolean;
  aliases: boolean;
}

function yesNo(query: URLSearchParams, name: string): boolean {
  const raw = query.get(name);
  if (raw === null || raw === '') return false;
  const value = raw.toUpperCase();
  if (value !== 'Y' && value !== 'N') throw new ApiError('Invalid', `Invalid ${name}: "${raw}" (use Y or N)`);
  return value === 'Y';
}

export function readIncludeFlags(query: URLSearchParams): IncludeFlags {
  return {
    filteredItems: yesNo(query, 'include_filtered_items'),
    orderExtras: yesNo(query, 'include_order_extras'),
    lineExtras: yesNo(query, 'include_line_extras'),
    aliases: yesNo(query, 'include_aliases'),
  };
}

export const INCLUDE_EVERYTHING: IncludeFlags = { filteredItems: true, orderExtras: true, lineExtras: true, aliases: true };
