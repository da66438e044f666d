import { describe, expect, it } from 'vitest';
import { replaceLoneSurrogates } from './salvage';

describe('replaceLoneSurrogates', () => {
  it.each([
    ['a lone high surrogate', String.raw`{"a":"x\ud800y"}`, String.raw`{"a":"x\ufffdy"}`],
    ['a lone low surrogate', String.raw`{"a":"\uDC00"}`, String.raw`{"a":"\ufffd"}`],
    ['a high one at the end of a string', String.raw`{"a":"\ud83d"}`, String.raw`{"a":"\ufffd"}`],
    ['two highs in a row, then a low: the second pairs', String.raw`"\ud800\ud83d\ude00"`, String.raw`"\ufffd\ud83d\ude00"`],
    ['a low before its high: both lone', String.raw`"\ude00\ud83d"`, String.raw`"\ufffd\ufffd"`],
  ])('%s', (_, text, want) => {
    expect(replaceLoneSurrogates(text)).toBe(want);
    // What DuckDB will parse is what JSON.parse reads, with U+FFFD in the lone ones' place.
    expect(JSON.parse(replaceLoneSurrogates(text))).toEqual(
      JSON.parse(JSON.stringify(JSON.parse(text)).replace(/\\ud[89a-f][0-9a-f]{2}/g, '\\ufffd')),
    );
  });

  it.each([
    ['a pair (an emoji)', String.raw`{"a":"\ud83d\ude00"}`],
    ['an escaped backslash before u: no escape', String.raw`{"a":"\\ud800"}`],
    ['other escapes', String.raw`{"a":"\n\t\"\u00e9\\"}`],
    ['no escapes at all', '{"a":"plain"}'],
  ])('leaves %s alone', (_, text) => {
    expect(replaceLoneSurrogates(text)).toBe(text);
  });
});
