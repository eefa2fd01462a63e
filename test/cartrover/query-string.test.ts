import { buildQueryString } from '../../src/cartrover/query-string';

describe('buildQueryString', () => {
  it('encodes + in timestamps as %2B and skips undefined values', () => {
    const query = buildQueryString({ from_date: '2024-01-01T00:00:00+00:00', to_date: undefined, limit: 100, page: 2 });
    expect(query).toContain('from_date=2024-01-01T00%3A00%3A00%2B00%3A00');
    expect(query).not.toContain('to_date');
    expect(query).toContain('&limit=100&page=2');
    expect(new URLSearchParams(query.slice(1)).get('from_date')).toBe('2024-01-01T00:00:00+00:00');
  });

  it('sends booleans as Y/N and nothing at all as an empty string', () => {
    expect(buildQueryString({ include_aliases: true, include_line_extras: false })).toBe('?include_aliases=Y&include_line_extras=N');
    expect(buildQueryString({ a: undefined })).toBe('');
  });
});
