import { collect } from './__testUtils__/collect';
import { xccdfFormat } from './xccdf';
import { countBy, detect, fixture } from './__testUtils__/complianceFixtures';

const RULE = 'xccdf_org.ssgproject.content_rule_';
/** OpenSCAP's own ARF test data: `oscap xccdf eval --results-arf` of the SSG Fedora profile "common". */
const arf = fixture('xccdf-openscap-arf.xml');

describe('xccdfFormat on ARF (oscap xccdf eval --results-arf)', () => {
  it('recognises the report collection, although XCCDF is named only 46 KB in', () => {
    expect(arf.subarray(0, 4096).toString('utf8')).not.toContain('checklists.nist.gov/xccdf/');
    expect(detect(arf)).toBe('xccdf');
  });

  it('reads the rule-results of the TestResult in arf:reports', async () => {
    const out = await collect(xccdfFormat, arf);
    // 28 rule-results: 12 fail, 11 pass, 1 notchecked and 4 notselected, which are no results
    expect(out.controls).toHaveLength(24);
    expect(countBy(out.controls, c => c.status)).toEqual({ fail: 12, pass: 11, skip: 1 });
    expect(countBy(out.controls, c => c.severity ?? 'none')).toEqual({ high: 4, medium: 15, low: 5 });
    expect(out.controls.map(c => c.controlId)).not.toContain(`${RULE}no_root_webbrowsing`);
    expect(new Set(out.controls.map(c => c.benchmark))).toEqual(new Set(['common']));
    expect(out.tools).toEqual([{ name: 'openscap' }]);
    expect(out.controls[0]).toEqual({
      tool: { name: 'openscap' },
      controlId: `${RULE}disable_prelink`,
      benchmark: 'common',
      title: 'Prelinking Disabled',
      status: 'fail',
      severity: 'low',
      evidence: [{ resource: 'localhost.localdomain', message: undefined }],
      remediation: expect.stringMatching(/^#\n# Disable prelinking altogether\n#\nif grep -q \^PRELINKING/),
    });
  });

  it('takes titles and fixes from the Benchmark in the report requests, not from OVAL', async () => {
    const out = await collect(xccdfFormat, arf);
    const byRule = new Map(out.controls.map(c => [c.controlId.replace(RULE, ''), c]));
    // the data stream also holds OVAL definitions, whose <title>s name the Fedora release
    expect(out.controls.every(c => !c.title.includes('Fedora'))).toBe(true);
    expect(byRule.get('no_direct_root_logins')).toMatchObject({
      title: 'Direct root Logins Not Allowed',
      status: 'skip',
      evidence: [{ resource: 'localhost.localdomain', message: 'No candidate or applicable check found.' }],
      remediation: undefined,
    });
    expect(byRule.get('sshd_disable_empty_passwords')).toMatchObject({
      title: 'SSH Access via Empty Passwords Disabled',
      status: 'pass',
      severity: 'high',
    });
    // a fix with a <sub/> placeholder: its text around it, entities decoded
    expect(byRule.get('accounts_password_minlen_login_defs')?.remediation).toMatch(
      /^var_accounts_password_minlen_login_defs=""\ngrep -q \^PASS_MIN_LEN \/etc\/login\.defs && \\\n/,
    );
    expect([...byRule.values()].filter(c => c.remediation).length).toBe(10);
  });

  it('reads the same however the bytes arrive, one at a time included', async () => {
    const whole = await collect(xccdfFormat, arf, arf.length);
    for (const chunkSize of [1, 7, 4096]) {
      expect(await collect(xccdfFormat, arf, chunkSize)).toEqual(whole);
    }
  });

  it('reads prefixed XCCDF elements and a title cut inside a multi-byte character', async () => {
    const xml = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<arf:asset-report-collection xmlns:arf="http://scap.nist.gov/schema/asset-reporting-format/1.1">',
      '<arf:report-requests><arf:report-request id="r"><arf:content>',
      '<xccdf:Benchmark xmlns:xccdf="http://checklists.nist.gov/xccdf/1.2" id="xccdf_org.example_benchmark_b">',
      '<xccdf:Rule id="xccdf_org.example_rule_cat"><xccdf:title>Schrödinger’s 🐈 stays boxed</xccdf:title></xccdf:Rule>',
      '</xccdf:Benchmark></arf:content></arf:report-request></arf:report-requests>',
      '<arf:reports><arf:report id="x"><arf:content>',
      '<xccdf:TestResult xmlns:xccdf="http://checklists.nist.gov/xccdf/1.2" id="t">',
      '<xccdf:rule-result idref="xccdf_org.example_rule_cat"><xccdf:result>fail</xccdf:result></xccdf:rule-result>',
      '</xccdf:TestResult></arf:content></arf:report></arf:reports></arf:asset-report-collection>',
    ].join('\n');
    for (const chunkSize of [1, 2, 3, 5]) {
      const out = await collect(xccdfFormat, xml, chunkSize);
      expect(out.controls.map(c => [c.controlId, c.title, c.status])).toEqual([
        ['xccdf_org.example_rule_cat', 'Schrödinger’s 🐈 stays boxed', 'fail'],
      ]);
    }
  });

  it.each([
    ['a DOCTYPE', (xml: string) => xml.replace('?>', '?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'), /DOCTYPE is not accepted/],
    [
      'nesting deeper than 256 elements',
      (xml: string) => xml.replace('<arf:reports>', `<arf:reports>${'<a>'.repeat(300)}${'</a>'.repeat(300)}`),
      /nests deeper than 256/,
    ],
    ['a cut-off report', (xml: string) => xml.slice(0, xml.indexOf('</TestResult>')), /not well-formed.*unclosed/],
    ['an ARF without a TestResult', (xml: string) => xml.replace(/<arf:reports>[\s\S]*<\/arf:reports>/, ''), /no TestResult/],
  ])('refuses an ARF report with %s as bad input', async (_name, edit, message) => {
    const result = collect(xccdfFormat, edit(arf.toString('utf8')));
    await expect(result).rejects.toThrow(message);
    await expect(result).rejects.toMatchObject({ name: 'InputError' });
  });
});
