import { parseNdjsonLine } from '../../host/src/files/ndjson-line';

describe('parseNdjsonLine: the one reading of an NDJSON line (uploads, file reads, the CLI import)', () => {
  it('skips blank lines and takes a JSON object as a record, a trailing CR dropped', () => {
    expect(parseNdjsonLine('   ')).toEqual({ kind: 'blank' });
    expect(parseNdjsonLine('\r')).toEqual({ kind: 'blank' });
    expect(parseNdjsonLine('{"id":1}\r')).toEqual({ kind: 'record', record: { id: 1 } });
  });

  it('tells a line that is not JSON from JSON that is not one object', () => {
    expect(parseNdjsonLine('{"id":')).toMatchObject({ kind: 'not_json', detail: expect.any(String) });
    for (const line of ['[{"id":1}]', '7', '"text"', 'null']) expect(parseNdjsonLine(line)).toEqual({ kind: 'not_object' });
  });
});
