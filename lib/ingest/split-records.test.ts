import { describe, expect, it } from 'vitest';
import { MalformedJsonError, splitRecords } from './split-records';

describe('splitRecords', () => {
  it('returns each record exactly as written, whatever other keys the file has', () => {
    const a = '{"eventID":"a","s":"with \\"quotes\\" and } and ]","n":1.50,"u":"\\u003cb\\u003e"}';
    const b = '{"eventID":"b","nested":{"x":[1,{"y":null}]},"t":true}';
    expect(splitRecords(`{"Other":{"k":[1,2]},"Records":[${a},${b}],"tail":false}`)).toEqual({ kind: 'records', records: [a, b] });
  });

  it('accepts whitespace, a BOM and empty Records', () => {
    expect(splitRecords('\ufeff { "Records" : [ ] } \n')).toEqual({ kind: 'records', records: [] });
    expect(splitRecords('{"Records":[ {"a":1} ,\n {"b":2} ]}')).toEqual({ kind: 'records', records: ['{"a":1}', '{"b":2}'] });
  });

  it('keeps a pretty-printed record as written, line breaks and all (the raw view shows the original)', () => {
    expect(splitRecords('{"Records":[{\r\n\t"a": 1\r\n}]}')).toEqual({ kind: 'records', records: ['{\r\n\t"a": 1\r\n}'] });
  });

  it('scans numbers as JSON does, exponents included (a record with 1e2 once failed its whole file)', () => {
    const a = '{"eventID":"a","numberOfBytes":1e2,"n":[1E+2,-0.5e-3]}';
    const b = '{"eventID":"b","x":{"y":0,"z":-12.25E5},"w":2e-0 }';
    expect(splitRecords(`{"Records":[${a},\n${b}],"n":1.5e-3}`)).toEqual({ kind: 'records', records: [a, b] });
    expect(splitRecords('{"Records":[{"a":0}],"n":-1E9}')).toEqual({ kind: 'records', records: ['{"a":0}'] });
  });

  it('recognises digests and other JSON', () => {
    expect(splitRecords('{"awsAccountId":"1","digestStartTime":"x","logFiles":[]}').kind).toBe('digest');
    expect(splitRecords('{"hello":"world"}').kind).toBe('not-cloudtrail');
    expect(splitRecords('[1,2]').kind).toBe('not-cloudtrail');
    expect(splitRecords('{}').kind).toBe('not-cloudtrail');
  });

  it.each([
    ['', /empty/],
    ['{"Records":[{"a":1}', /truncated/],
    ['{"Records":[{"a":"unterminated', /truncated/],
    ['{"Records":[{"a":tru}]}', /unexpected word/],
    ['{"Records":[{"a":nul}]}', /unexpected word .*"nul"/],
    ['{"Records":[{"a":nullx}]}', /unexpected word .*"nullx"/],
    ['{"Records":[{"a":TRUE}]}', /unexpected word/],
    ['{"Records":[{"a":[1,e2]}]}', /unexpected word .*"e2"/],
    ['{"Records":[{"a":1e}]}', /bad number "1e"/],
    ['{"Records":[{"a":1e+}]}', /bad number "1e\+"/],
    ['{"Records":[{"a":1.}]}', /bad number "1\."/],
    ['{"Records":[{"a":.5}]}', /unexpected character "\.5"/],
    ['{"Records":[{"a":01}]}', /bad number "01"/],
    ['{"Records":[{"a":-}]}', /bad number "-"/],
    ['{"Records":[{"a":1x}]}', /bad number "1x"/],
    ['{"Records":[{"a":@#!}]}', /unexpected character "@#!"/],
    ['{"Records":[{"a":1}],"n":1e}', /bad number "1e"/],
    ['{"Records":[{"a":1e', /truncated/],
    ['{"Records":[1]}', /not a JSON object/],
    ['{"Records":[{"a":1}]} trailing', /after the JSON object/],
    ['{"Records":[{"a":1} {"b":2}]}', /expected "," or "]"/],
  ])('rejects %j', (text, reason) => {
    expect(() => splitRecords(text)).toThrow(MalformedJsonError);
    expect(() => splitRecords(text)).toThrow(reason);
  });
});
