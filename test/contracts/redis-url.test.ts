import { redactRedisUrl } from '../../src/contracts';

describe('redactRedisUrl: the one masking of a Redis URL (plugin errors, CLI usage errors and banner)', () => {
  it('masks the password, keeps the rest', () => {
    expect(redactRedisUrl('redis://user:s3cret@127.0.0.1:6379')).toBe('redis://user:******@127.0.0.1:6379');
    expect(redactRedisUrl('rediss://:s3cret@cache.example:6380/2')).toBe('rediss://:******@cache.example:6380/2');
    expect(redactRedisUrl('redis://127.0.0.1:6379')).toBe('redis://127.0.0.1:6379');
  });

  it('masks a value that does not parse as a URL too, so a usage error can quote it', () => {
    const shown = redactRedisUrl('redis://u:s3cret@host:port-not-a-number');
    expect(shown).not.toContain('s3cret');
    expect(shown).toBe('redis://u:******@host:port-not-a-number');
  });
});
