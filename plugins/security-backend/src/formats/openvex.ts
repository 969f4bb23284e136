import { InputError } from '@backstage/errors';
import {
  ReportFormat,
  VexStatementInput,
  arr,
  field,
  obj,
  selectJsonValues,
  str,
} from '@devsecops/plugin-security-node';

const STATUSES = new Set(['not_affected', 'affected', 'fixed', 'under_investigation']);

/** OpenVEX documents: statements about whether a vulnerability affects the entity. */
export const openvexFormat: ReportFormat = {
  id: 'openvex',
  displayName: 'OpenVEX',
  detect(head) {
    return /"@context"\s*:\s*"https:\/\/openvex\.dev\/ns/.test(head);
  },
  async parse(input, sink) {
    let sawContext = false;
    const selectors = [['@context'], ['statements', '*']];
    for await (const { path, value } of selectJsonValues(input.open(), selectors)) {
      if (path[0] === '@context') {
        if (typeof value !== 'string' || !value.startsWith('https://openvex.dev/ns')) {
          throw new InputError('This is not an OpenVEX document (@context)');
        }
        sawContext = true;
        continue;
      }
      const statement = toStatement(value);
      if (!statement) {
        sink.warning('An OpenVEX statement without vulnerability or a known status was skipped');
        continue;
      }
      await sink.vexStatement(statement);
    }
    if (!sawContext) throw new InputError('The OpenVEX document has no @context');
  },
};

function toStatement(value: unknown): VexStatementInput | undefined {
  const vuln = field(value, 'vulnerability');
  const vulnerabilityId = str(vuln, undefined, 100) ?? str(vuln, 'name', 100);
  const status = str(value, 'status');
  if (!vulnerabilityId || !status || !STATUSES.has(status)) return undefined;
  // Subcomponents name the affected packages; without them the statement covers the entity.
  const products = arr(value, 'products').flatMap(p =>
    arr(p, 'subcomponents').map(s => str(s, '@id', 2048) ?? str(obj(s, 'identifiers'), 'purl', 2048)),
  );
  return {
    vulnerabilityId,
    products: products.filter((p): p is string => Boolean(p)),
    status: status as VexStatementInput['status'],
    justification: str(value, 'justification', 200),
    impactStatement: str(value, 'impact_statement', 4000),
  };
}
