import { InputError } from '@backstage/errors';
import { ControlStatus, SEVERITIES, Severity } from '@devsecops/plugin-security-common';
import { ControlResultInput, ReportFormat } from '@devsecops/plugin-security-node';
import { SaxesParser, SaxesTagNS } from 'saxes';

const MAX_DEPTH = 256;
const MAX_TEXT = 16 * 1024;
const MAX_RULES = 100_000;
const RESULTS: Record<string, ControlStatus | null> = {
  pass: 'pass',
  fixed: 'pass',
  fail: 'fail',
  error: 'error',
  unknown: 'error',
  notapplicable: 'skip',
  notchecked: 'skip',
  informational: 'skip',
  // not part of the evaluated profile: not a result at all
  notselected: null,
};

type Pending = Omit<ControlResultInput, 'tool'>;

class XccdfReader {
  sawTestResult = false;
  private readonly parser = new SaxesParser({ xmlns: true });
  private readonly ready: Pending[] = [];
  private readonly titles = new Map<string, string>();
  private readonly fixes = new Map<string, string>();
  private readonly path: string[] = [];
  private text?: string;
  private ruleId?: string;
  private profile?: string;
  private target?: string;
  private current?: { idref: string; severity?: Severity; result?: string; messages: string[] };

  constructor() {
    this.parser.on('doctype', () => {
      throw new InputError('XML with a DOCTYPE is not accepted');
    });
    this.parser.on('opentag', tag => this.open(tag));
    this.parser.on('closetag', tag => this.closeTag(tag.local));
    this.parser.on('text', t => this.addText(t));
    this.parser.on('cdata', t => this.addText(t));
  }

  write(text: string) {
    this.parser.write(text);
  }

  end() {
    this.parser.close();
  }

  take(): Pending[] {
    return this.ready.splice(0, this.ready.length);
  }

  private open(tag: SaxesTagNS) {
    const parent = this.parent();
    this.path.push(tag.local);
    if (this.path.length > MAX_DEPTH) throw new InputError(`The XML nests deeper than ${MAX_DEPTH} elements`);
    const attr = (name: string) => tag.attributes[name]?.value;
    switch (tag.local) {
      case 'Rule':
        this.ruleId = attr('id');
        break;
      case 'TestResult':
        this.sawTestResult = true;
        break;
      case 'profile':
        if (parent === 'TestResult') this.profile = attr('idref');
        break;
      case 'rule-result': {
        const severity = attr('severity')?.toLowerCase() as Severity | undefined;
        this.current = {
          idref: attr('idref') ?? '',
          severity: severity && SEVERITIES.includes(severity) ? severity : undefined,
          messages: [],
        };
        break;
      }
      case 'title':
      case 'fix':
      case 'result':
      case 'message':
      case 'target':
        this.text = '';
        break;
      default:
    }
  }

  private closeTag(local: string) {
    const text = this.text?.trim();
    this.path.pop();
    const parent = this.parent();
    if (local === 'title' && parent === 'Rule' && this.ruleId && text && this.titles.size < MAX_RULES) {
      this.titles.set(this.ruleId, text);
    } else if (local === 'fix' && parent === 'Rule' && this.ruleId && text && this.fixes.size < MAX_RULES) {
      this.fixes.set(this.ruleId, text.slice(0, 4096));
    } else if (local === 'target' && parent === 'TestResult' && text) {
      this.target = text;
    } else if (local === 'result' && this.current) {
      this.current.result = text;
    } else if (local === 'message' && this.current && text && this.current.messages.length < 10) {
      this.current.messages.push(text);
    } else if (local === 'rule-result' && this.current) {
      this.finishRuleResult(this.current);
      this.current = undefined;
    } else if (local === 'Rule') {
      this.ruleId = undefined;
    }
    if (['title', 'fix', 'result', 'message', 'target'].includes(local)) this.text = undefined;
  }

  private finishRuleResult(r: NonNullable<XccdfReader['current']>) {
    const status = RESULTS[r.result?.toLowerCase() ?? ''];
    if (status === null) return;
    if (!r.idref || status === undefined) {
      throw new InputError(`An XCCDF rule-result has no rule or an unknown result (${r.result ?? 'none'})`);
    }
    this.ready.push({
      controlId: r.idref.slice(0, 255),
      // XCCDF 1.2 ids read xccdf_<reverse DNS>_<type>_<name>
      benchmark: this.profile?.replace(/^xccdf_[^_]+_profile_/, '').slice(0, 128),
      title: this.titles.get(r.idref) ?? r.idref.replace(/^xccdf_[^_]+_rule_/, ''),
      status,
      severity: r.severity,
      evidence: [{ resource: this.target, message: r.messages.join('; ') || undefined }],
      remediation: this.fixes.get(r.idref),
    });
  }

  private parent(): string | undefined {
    return this.path[this.path.length - 1];
  }

  private addText(t: string) {
    if (this.text !== undefined && this.text.length < MAX_TEXT) this.text += t.slice(0, MAX_TEXT);
  }
}

/**
 * XCCDF 1.1/1.2 results as `oscap xccdf eval` and the Compliance Operator write them: a
 * `TestResult` with `rule-result`s, alone, inside a `Benchmark` (whose `Rule` titles are used),
 * or inside an ARF report. Read as a stream, so a large result costs little memory; a DOCTYPE
 * is refused, so no entity is ever declared, expanded or fetched.
 */
export const xccdfFormat: ReportFormat = {
  id: 'xccdf',
  displayName: 'XCCDF results',
  detect(head) {
    return /checklists\.nist\.gov\/xccdf\//.test(head);
  },
  async parse(input, sink) {
    const reader = new XccdfReader();
    const tool = { name: 'openscap' };
    sink.toolRun(tool);
    for await (const chunk of input.open()) {
      reader.write((chunk as Buffer).toString('utf8'));
      for (const result of reader.take()) await sink.controlResult({ ...result, tool });
    }
    reader.end();
    for (const result of reader.take()) await sink.controlResult({ ...result, tool });
    if (!reader.sawTestResult) throw new InputError('The XCCDF document has no TestResult');
  },
};
