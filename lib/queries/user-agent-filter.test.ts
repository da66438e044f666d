import { describe, expect, it } from 'vitest';
import { kmsRecord } from '../test/fixtures';
import { filteredIds } from '../test/filtered-ids';
import { storesPerTest } from '../test/store-per-test';

/**
 * The events page's user agent filter (`userAgent`): the calls one tool or script made, what an
 * analyst pivots to from an odd call. Part of the agent, any case. Expected ids picked by hand.
 */
const storeWith = storesPerTest();
const window = { from: new Date('2026-11-20T00:00:00Z'), to: new Date('2026-11-21T00:00:00Z') };
const at = (m: number) => `2026-11-20T12:${String(m).padStart(2, '0')}:00Z`;

const records = {
  cli: kmsRecord({ eventTime: at(1), userAgent: 'aws-cli/2.15.30 Python/3.11.8 Linux/6.1 exe/x86_64.amzn.2 prompt/off command/kms.decrypt' }),
  cliDenied: kmsRecord({ eventTime: at(2), userAgent: 'aws-cli/1.29.0 Python/3.9 Darwin/22.6.0 botocore/1.31.0', errorCode: 'AccessDenied' }),
  terraform: kmsRecord({ eventTime: at(3), userAgent: 'APN/1.0 HashiCorp/1.0 Terraform/1.7.4 (+https://www.terraform.io) terraform-provider-aws/5.40.0' }),
  service: kmsRecord({ eventTime: at(4), userAgent: 'AWS Internal' }),
  // A caller-written agent with SQL and HTML in it: matched as text, like any other.
  hostile: kmsRecord({ eventTime: at(5), userAgent: "x'); DROP TABLE kms_events;-- <script>alert(1)</script>" }),
  none: kmsRecord({ eventTime: at(6), userAgent: undefined }),
};

describe('events user agent filter', () => {
  it('keeps the calls whose agent contains the text, in any case, in the page and its total', async () => {
    const store = await storeWith(Object.values(records));
    const byFilter = filteredIds(store, records, window);
    const ids = (userAgent?: string) => byFilter({ userAgent });
    expect(await ids('aws-cli/')).toEqual(['cli', 'cliDenied']);
    expect(await ids('AWS-CLI/2.')).toEqual(['cli']);
    expect(await ids('terraform-provider-aws')).toEqual(['terraform']);
    expect(await ids('aws internal')).toEqual(['service']);
    expect(await ids("'); DROP TABLE")).toEqual(['hostile']);
    // A LIKE wildcard is a character here, not a pattern.
    expect(await ids('aws%cli')).toEqual([]);
    expect(await ids()).toEqual(['cli', 'cliDenied', 'hostile', 'none', 'service', 'terraform']);
  });
});
