/** A Redis URL as it may be printed: its password masked (`redis://user:******@host:6379`). */
export function redactRedisUrl(value: string): string {
  return value.replace(/(\/\/[^:/@]*:)[^@]*@/, '$1******@');
}
