import { Catalogue } from './Catalogue';
import { CheckDefinition, FrameworkDefinition } from './catalogueSchema';
import { CheckOutcome } from './assessChecks';
import { scoreFramework } from './scoreFrameworks';

const frameworks: FrameworkDefinition[] = [
  { id: 'nist', title: 'NIST', requirements: [{ id: 'AC-6', title: 'Least privilege' }, { id: 'SC-7', title: 'Boundary protection' }, { id: 'PE-3', title: 'Physical access' }] },
  { id: 'fedramp', title: 'FedRAMP', baselineOf: 'nist', source: 'FedRAMP baseline', requirements: [{ id: 'AC-6', title: 'Least privilege' }] },
];

const check = (id: string, extra: Partial<CheckDefinition>): CheckDefinition => ({
  id,
  title: id,
  maps: [],
  ...extra,
});

const checks: CheckDefinition[] = [
  check('privileged', {
    match: [{ source: 'Kube-Bench', controlId: '5.2.2' }, { controlId: 'xccdf_org.ssgproject.content_rule_scc_*' }],
    maps: [{ framework: 'nist', requirements: ['AC-6'], source: 'CIS 5.2.2' }],
  }),
  check('netpol', {
    match: [{ controlId: 'network/default-deny' }],
    maps: [{ framework: 'nist', requirements: ['SC-7', 'AC-6'], source: 'reasoned' }],
  }),
];

describe('Catalogue', () => {
  const catalogue = new Catalogue(frameworks, checks);

  it('finds the checks of a control result by tool (any case), exact id or prefix', () => {
    expect(catalogue.checksForControl('kube-bench', '5.2.2')).toEqual(['privileged']);
    expect(catalogue.checksForControl('trivy', '5.2.2')).toEqual([]);
    expect(catalogue.checksForControl('openscap', 'xccdf_org.ssgproject.content_rule_scc_limit_privileged')).toEqual(['privileged']);
    expect(catalogue.checksForControl('kyverno', 'network/default-deny')).toEqual(['netpol']);
  });

  it('derives a baseline from its parent mapping, keeping only the requirements it selects', () => {
    const fedramp = catalogue.framework('fedramp')!;
    expect(fedramp.mapped.map(m => [m.check.id, m.requirements])).toEqual([
      ['privileged', ['AC-6']],
      ['netpol', ['AC-6']],
    ]);
    expect(fedramp.mapped[0].citation).toBe('CIS 5.2.2; baseline: FedRAMP baseline');
    expect(catalogue.matchersFor('fedramp')).toHaveLength(3);
  });

  it('refuses mappings to unknown frameworks or requirements, naming the check', () => {
    expect(() => new Catalogue(frameworks, [check('x', { match: [{ controlId: 'a' }], maps: [{ framework: 'pci', requirements: ['1'], source: 's' }] })])).toThrow(
      'Check x maps to unknown framework pci',
    );
    expect(() => new Catalogue(frameworks, [check('y', { match: [{ controlId: 'a' }], maps: [{ framework: 'nist', requirements: ['ZZ-1'], source: 's' }] })])).toThrow(
      'Check y maps to requirements ZZ-1 that nist does not list',
    );
  });

  it('lets config add requirements to a shipped framework and replace a shipped check', () => {
    const extended = new Catalogue(
      [...frameworks, { id: 'nist', title: 'NIST', requirements: [{ id: 'SI-2', title: 'Flaw remediation' }] }],
      [...checks, check('netpol', { match: [{ controlId: 'own/netpol' }], maps: [{ framework: 'nist', requirements: ['SI-2'], source: 'ours' }] })],
    );
    expect([...extended.framework('nist')!.requirements.keys()]).toEqual(['AC-6', 'SC-7', 'PE-3', 'SI-2']);
    expect(extended.checksForControl('x', 'network/default-deny')).toEqual([]);
    expect(extended.checksForControl('x', 'own/netpol')).toEqual(['netpol']);
  });
});

describe('scoreFramework', () => {
  const catalogue = new Catalogue(frameworks, checks);
  const outcome = (status: CheckOutcome['status']): CheckOutcome => ({ status, results: {}, evidence: [] });

  it('fails a requirement when any of its checks fails and scores only assessed requirements', () => {
    const score = scoreFramework(
      catalogue.framework('nist')!,
      new Map([
        ['privileged', outcome('pass')],
        ['netpol', outcome('fail')],
      ]),
      'system',
    );
    expect(score).toMatchObject({ passed: 0, failed: 2, notAssessed: 1, score: 0, optedInBy: 'system' });
    expect(score.requirements.map(r => [r.id, r.status])).toEqual([
      ['AC-6', 'failed'],
      ['SC-7', 'failed'],
      ['PE-3', 'not-assessed'],
    ]);
  });

  it('passes a requirement when a check passes and none fails; no score without assessment', () => {
    const passing = scoreFramework(catalogue.framework('nist')!, new Map([['netpol', outcome('pass')]]), 'entity');
    expect(passing).toMatchObject({ passed: 2, failed: 0, notAssessed: 1, score: 100 });
    const nothing = scoreFramework(catalogue.framework('nist')!, new Map(), 'entity');
    expect(nothing.score).toBeUndefined();
    expect(nothing.notAssessed).toBe(3);
  });
});
