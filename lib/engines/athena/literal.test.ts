import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EngineError, type SqlValue } from '../types';
import { MAX_PARAMETER_LENGTH, toAthenaLiteral } from './literal';

/** Reads a rendered string literal back the way Trino's lexer does: quotes, then `''` → `'`. */
function unquote(lit: string): string {
  expect(lit.startsWith("'") && lit.endsWith("'")).toBe(true);
  const body = lit.slice(1, -1);
  // A lone quote inside would end the literal early: that is the injection this function prevents.
  expect(body.replace(/''/g, '')).not.toContain("'");
  return body.replace(/''/g, "'");
}

function errorOf(v: SqlValue): EngineError {
  try {
    toAthenaLiteral(v);
  } catch (e) {
    expect(e).toBeInstanceOf(EngineError);
    return e as EngineError;
  }
  throw new Error(`expected ${JSON.stringify(v)} to be refused`);
}

describe('toAthenaLiteral: strings', () => {
  it.each([
    ['plain', "'plain'"],
    ['', "''"],
    ["it's", "'it''s'"],
    ["'", "''''"],
    ["''", "''''''"],
    ["' OR 1=1 --", "''' OR 1=1 --'"],
    ["x' OR '1'='1", "'x'' OR ''1''=''1'"],
    ["'; DROP TABLE cloudtrail_logs; --", "'''; DROP TABLE cloudtrail_logs; --'"],
    ['/* comment */ ?', "'/* comment */ ?'"],
    ['"double" quotes', '\'"double" quotes\''],
    // Backslashes are plain characters in Trino: `\'` does not escape the quote.
    ['back\\slash', "'back\\slash'"],
    ['ends with \\', "'ends with \\'"],
    ["\\' OR 1=1 --", "'\\'' OR 1=1 --'"],
    ['😀', "'😀'"],
    ['مفتاح‮RTL override', "'مفتاح‮RTL override'"],
    ['é ü 漢字 \u200b', "'é ü 漢字 \u200b'"],
    ['tab\there', "'tab\there'"],
    ['line\nbreak', "'line\nbreak'"],
    ['2026-03-01T00:00:00.000Z', "'2026-03-01T00:00:00.000Z'"],
    ['2026/01/31', "'2026/01/31'"],
    [
      'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      "'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab'",
    ],
    ['alias/aws/s3', "'alias/aws/s3'"],
  ])('quotes %j', (v, out) => {
    expect(toAthenaLiteral(v)).toBe(out);
    expect(unquote(out)).toBe(v);
  });

  it('round-trips any well-formed text without control characters', () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 200 }).filter((s) => !/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/.test(s));
    fc.assert(
      fc.property(text, (s) => {
        expect(unquote(toAthenaLiteral(s))).toBe(s);
      }),
    );
  });

  it.each([
    ['NUL', '\u0000'],
    ['bell', '\u0007'],
    ['backspace', '\b'],
    ['vertical tab', '\u000b'],
    ['form feed', '\f'],
    ['carriage return', '\r'],
    ['escape', '\u001b'],
    ['DEL', '\u007f'],
    ['C1 control', '\u0085'],
  ])('refuses a %s', (_name, c) => {
    const e = errorOf(`arn${c}x`);
    expect(e.kind).toBe('user');
    expect(e.message).toMatch(/control character/);
  });

  it('refuses lone surrogates but keeps paired ones', () => {
    expect(errorOf('a\ud800b').message).toMatch(/Unicode/);
    expect(errorOf('\udc00').message).toMatch(/Unicode/);
    expect(toAthenaLiteral('\ud83d\ude00')).toBe("'😀'");
  });

  it('accepts a literal of exactly 1024 characters and refuses 1025', () => {
    expect(toAthenaLiteral('x'.repeat(MAX_PARAMETER_LENGTH - 2))).toHaveLength(MAX_PARAMETER_LENGTH);
    const e = errorOf('x'.repeat(MAX_PARAMETER_LENGTH - 1));
    expect(e.kind).toBe('user');
    expect(e.message).toMatch(/too long.*1025/);
  });

  it('counts the doubled quotes and the surrounding ones', () => {
    // 511 quotes double to 1022, plus the two around: exactly 1024.
    expect(toAthenaLiteral("'".repeat(511))).toHaveLength(1024);
    expect(errorOf("'".repeat(512)).message).toMatch(/too long/);
    expect(errorOf("' OR 1=1 --".repeat(100)).kind).toBe('user');
  });

  it('counts UTF-16 code units, so an emoji counts two', () => {
    expect(toAthenaLiteral('😀'.repeat(511))).toHaveLength(1024);
    expect(errorOf('😀'.repeat(512)).message).toMatch(/too long/);
  });
});

describe('toAthenaLiteral: numbers, booleans, null', () => {
  it.each([
    [0, '0'],
    [-0, '0'],
    [42, '42'],
    [-5, '-5'],
    [Number.MAX_SAFE_INTEGER, '9007199254740991'],
    [Number.MIN_SAFE_INTEGER, '-9007199254740991'],
    [1.5, "DOUBLE '1.5'"],
    [-0.25, "DOUBLE '-0.25'"],
    [0.1, "DOUBLE '0.1'"],
    [2 ** 53, "DOUBLE '9007199254740992'"],
    [1e21, "DOUBLE '1e+21'"],
    [-1.7976931348623157e308, "DOUBLE '-1.7976931348623157e+308'"],
    [5e-324, "DOUBLE '5e-324'"],
    [true, 'true'],
    [false, 'false'],
    [null, 'NULL'],
  ] as const)('renders %j as %s', (v, out) => {
    expect(toAthenaLiteral(v)).toBe(out);
  });

  it.each([[NaN], [Infinity], [-Infinity]])('refuses %s', (v) => {
    const e = errorOf(v);
    expect(e.kind).toBe('user');
    expect(e.message).toMatch(/finite/);
  });

  it('refuses values outside SqlValue that a cast let through', () => {
    expect(errorOf(undefined as never).kind).toBe('user');
    expect(errorOf({ toString: () => "' OR 1=1" } as never).kind).toBe('user');
    expect(errorOf(10n as never).kind).toBe('user');
  });
});
