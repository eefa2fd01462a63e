/**
 * When two connection names are "the same" (names are unique, case-insensitive), for the form's
 * message and the host's unique index alike, so the two can never disagree: trimmed, NFKC
 * (full-width and compatibility forms count as their plain letters), case-folded (upper then
 * lower case, so "STRASSE" and "straße" clash, as do final and medial sigma), NFKC again
 * (case mapping may leave a composed form decomposed).
 */
export function connectionNameKey(name: string): string {
  // ASCII is its own NFKC and upper-then-lower is lower there: the same key at a third of the cost
  // (the form compares every connection's name on every keystroke).
  if (!BEYOND_ASCII.test(name)) return name.trim().toLowerCase();
  return name.normalize('NFKC').trim().toUpperCase().toLowerCase().normalize('NFKC');
}

const BEYOND_ASCII = /[\u0080-\uffff]/;
