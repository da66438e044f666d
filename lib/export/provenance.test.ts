import { describe, expect, it } from 'vitest';
import { listedNote, provenance, provenanceLines } from './provenance';

describe('provenance of a list cut by its limit', () => {
  it('says how many of how many, or that the list is whole', () => {
    expect(listedNote({ rows: 100, inAll: 133, what: 'principals' })).toBe(
      'the 100 busiest of 133 principals (the events export lists the calls of every one)',
    );
    expect(listedNote({ rows: 62, inAll: 62, what: 'sources' })).toBe('all 62 sources');
  });

  it('carries the list, the data source and any warning into the JSON meta and the CSV lines', () => {
    const p = provenance({
      title: 'Top principals',
      from: new Date('2026-12-01T00:00:00Z'),
      to: new Date('2026-12-02T00:00:00Z'),
      filters: {},
      queries: [],
      listed: { rows: 1, inAll: 2, what: 'principals' },
      source: "KeyTrail's sample data: invented events, not a real trail",
      warnings: ['Incomplete: the rule "root_use" could not run (boom).'],
      now: new Date('2026-12-02T01:00:00Z'),
    });
    expect(p).toMatchObject({ listed: { rows: 1, inAll: 2 }, source: expect.stringContaining('sample'), warnings: [expect.any(String)] });
    const lines = provenanceLines(p);
    expect(lines.listed).toBe('the 1 busiest of 2 principals (the events export lists the calls of every one)');
    expect(lines.source).toContain('invented events');
    expect(lines.warnings).toBe('Incomplete: the rule "root_use" could not run (boom).');
    // Nothing is said of what was not given.
    const plain = provenance({ title: 't', from: new Date(0), to: new Date(1), filters: {}, queries: [] });
    expect(Object.keys(plain)).not.toEqual(expect.arrayContaining(['listed']));
    expect('warnings' in plain || 'source' in plain).toBe(false);
  });
});
