import { describe, expect, it } from 'vitest';
import { EngineError } from '../types';
import { MAX_PARAMETER_LENGTH, toAthenaLiteral } from './literal';

describe('toAthenaLiteral', () => {
  it.each([
    ['plain', "'plain'"],
    ["' OR 1=1 --", "''' OR 1=1 --'"],
    ["it's", "'it''s'"],
    ["''", "''''''"],
    ['back\\slash', "'back\\slash'"],
    ['ends with \\', "'ends with \\'"],
    ['😀 ‮ é', "'😀 ‮ é'"],
    ['tab\tline\nbreak', "'tab\tline\nbreak'"],
    ['', "''"],
    ['2026/01/31', "'2026/01/31'"],
    ['arn:aws:kms:us-east-1:111122223333:key/1234', "'arn:aws:kms:us-east-1:111122223333:key/1234'"],
  ])('quotes the string %j', (v, out) => {
    expect(toAthenaLiteral(v)).toBe(out);
  });

  it.each([
    [0, '0'],
    [-5, '-5'],
    [42, '42'],
    [9007199254740991, '9007199254740991'],
    [1.5, "DOUBLE '1.5'"],
    [-0.25, "DOUBLE '-0.25'"],
    [true, 'true'],
    [false, 'false'],
    [null, 'NULL'],
  ] as const)('renders %j', (v, out) => {
    expect(toAthenaLiteral(v)).toBe(out);
  });

  it.each([[NaN], [Infinity], [-Infinity]])('refuses %s', (v) => {
    expect(() => toAthenaLiteral(v)).toThrow(EngineError);
  });

  it('refuses control characters', () => {
    for (const c of ['\u0000', '\u0007', '\u001b', '\u007f']) expect(() => toAthenaLiteral(`a${c}b`)).toThrow(/control/);
  });

  it('accepts a value whose literal is exactly 1024 characters and refuses one more', () => {
    expect(toAthenaLiteral('x'.repeat(MAX_PARAMETER_LENGTH - 2))).toHaveLength(MAX_PARAMETER_LENGTH);
    expect(() => toAthenaLiteral('x'.repeat(MAX_PARAMETER_LENGTH - 1))).toThrow(/too long/);
    // Doubled quotes count: 600 quotes become 1200 characters.
    expect(() => toAthenaLiteral("'".repeat(600))).toThrow(/too long/);
  });

  it('is a user error (the API answers 4xx), never an internal one', () => {
    try {
      toAthenaLiteral('x'.repeat(5000));
    } catch (e) {
      expect((e as EngineError).kind).toBe('user');
    }
  });
});
