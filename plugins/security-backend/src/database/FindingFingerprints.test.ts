import { FindingInput } from '@devsecops/plugin-security-node';
import { FindingFingerprints } from './FindingFingerprints';

const base: FindingInput = {
  type: 'code',
  tool: { name: 'eslint' },
  ruleId: 'no-eval',
  severity: 'high',
  title: 'eval can be harmful',
  message: 'eval can be harmful.',
  location: { path: 'src/run.ts', startLine: 12 },
};
const at = (startLine: number, extra: Partial<FindingInput['location']> = {}, rest: Partial<FindingInput> = {}) =>
  ({ ...base, ...rest, location: { path: 'src/run.ts', startLine, ...extra } });

/** The fingerprints one report's findings get, in order. */
const fingerprints = (findings: FindingInput[], scope = 'eslint') => {
  const report = new FindingFingerprints();
  return findings.map(f => report.of(f, scope));
};

describe('FindingFingerprints', () => {
  it('uses the tool fingerprint when there is one, wherever the finding sits', () => {
    const [a, b] = fingerprints([at(1, {}, { fingerprint: 'x' }), at(99, {}, { fingerprint: 'x' })]);
    expect(a).toBe(b);
  });

  it('does not depend on the line: the same findings after a move keep their identities', () => {
    expect(fingerprints([at(10), at(30)])).toEqual(fingerprints([at(14), at(34)]));
  });

  it('tells equal findings apart by occurrence, and counts a repeated line once', () => {
    const [first, repeat, second] = fingerprints([at(10), at(10), at(30)]);
    expect(repeat).toBe(first);
    expect(second).not.toBe(first);
  });

  it('tells two results on one line apart by column or message, and takes an exact repeat once', () => {
    const [a, b, c, repeat] = fingerprints([
      at(7, { startColumn: 10 }),
      at(7, { startColumn: 30 }),
      at(7, { startColumn: 30 }, { message: 'eval can be harmful, again.' }),
      at(7, { startColumn: 30 }, { message: 'eval can be harmful, again.' }),
    ]);
    expect(new Set([a, b, c]).size).toBe(3);
    expect(repeat).toBe(c);
  });

  it('identifies by the first line of the quoted code, so a block edited further down keeps it', () => {
    const block = 'resource "aws_s3_bucket" "logs" {\n  acl = "public-read"\n}';
    const [a] = fingerprints([at(3, { snippet: block })]);
    const [b] = fingerprints([at(9, { snippet: block.replace('public-read', 'private') })]);
    expect(b).toBe(a);
  });

  it('identifies by the quoted code when the report has it, ignoring indentation', () => {
    const [a] = fingerprints([at(10, { snippet: 'eval(input)' })]);
    const [b] = fingerprints([at(50, { snippet: '    eval(input)  ' })]);
    const [c] = fingerprints([at(10, { snippet: 'eval(other)' })]);
    expect(b).toBe(a);
    expect(c).not.toBe(a);
  });

  it("keeps a vulnerability's identity when the scanner rewrites its message", () => {
    const cve = (message: string) =>
      at(1, {}, { type: 'vulnerability', ruleId: 'CVE-2024-1234', vulnerabilityId: 'CVE-2024-1234', message });
    const [before] = fingerprints([cve('Package: lodash\nSeverity: MEDIUM\nFixed Version: ')]);
    const [after] = fingerprints([cve('Package: lodash\nSeverity: HIGH\nFixed Version: 4.17.21')]);
    expect(after).toBe(before);
  });

  it('separates rules, files, packages, messages and scopes', () => {
    const [plain] = fingerprints([at(1)]);
    const others = [
      fingerprints([at(1, {}, { ruleId: 'no-implied-eval' })])[0],
      fingerprints([{ ...at(1), location: { path: 'src/other.ts', startLine: 1 } }])[0],
      fingerprints([at(1, {}, { package: { name: 'lodash', installedVersion: '4.17.20' } })])[0],
      fingerprints([at(1, {}, { message: 'another text' })])[0],
      fingerprints([at(1)], 'eslint\u0000frontend')[0],
    ];
    expect(new Set([plain, ...others]).size).toBe(6);
  });
});
