import { describe, expect, it } from 'vitest';
import { sourceKind } from './source-ips-table';

describe('sourceKind', () => {
  it('tells an IP (v4 or v6) from an AWS service name and from no address', () => {
    expect(sourceKind('198.51.100.7')).toBe('ip');
    expect(sourceKind('2001:db8::1')).toBe('ip');
    expect(sourceKind('s3.amazonaws.com')).toBe('service');
    expect(sourceKind('AWS Internal')).toBe('service');
    expect(sourceKind('(none)')).toBe('none');
  });
});
