/**
 * A Redis URL (the `REDIS_URL` setting) as it may be shown in a message, a log or a banner: its
 * password masked (`redis://user:******@host:6379`). The one implementation, for the plugin's
 * pool errors and for hosts (the CLI's usage errors and serve banner). A value that does not parse
 * as a URL is masked the same way, so a usage error can still quote what was given.
 */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '******';
    return parsed.toString();
  } catch {
    return url.replace(/(\/\/[^:/@]*:)[^@]*@/, '$1******@');
  }
}
