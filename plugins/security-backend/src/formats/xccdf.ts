import { isAscii } from 'node:buffer';
import { InputError } from '@backstage/errors';
import { ControlStatus, Severity, isSeverity } from '@devsecops/plugin-security-common';
import { ControlResultInput, ReportFormat, ReportSink, ToolInfo } from '@devsecops/plugin-security-node';
import { SaxesParser, SaxesTagPlain } from 'saxes';
import { XmlContentSkipper, localName } from './XmlContentSkipper';

const MAX_DEPTH = 256;
const MAX_TEXT = 16 * 1024;
const MAX_RULES = 100_000;
const MAX_MESSAGES = 10;
/** See `Utf8Pieces`. */
const PIECE_BYTES = 64 * 1024;
const RESULTS = new Map<string, ControlStatus | null>([
  ['pass', 'pass'],
  ['fixed', 'pass'],
  ['fail', 'fail'],
  ['error', 'error'],
  ['unknown', 'error'],
  ['notapplicable', 'skip'],
  ['notchecked', 'skip'],
  ['informational', 'skip'],
  // not part of the evaluated profile: not a result at all
  ['notselected', null],
]);

/**
 * Elements nothing is read from that make up most of real documents: the prose of a
 * Benchmark, and in ARF the OVAL definitions and results next to the XCCDF.
 */
const UNREAD = new Set([
  'description',
  'rationale',
  'warning',
  'reference',
  'notice',
  'front-matter',
  'rear-matter',
  'fixtext',
  'check-content',
  'oval_definitions',
  'oval_results',
  'ocil',
]);

/** The elements whose text is read, each under the one parent it has in XCCDF. */
type Captured = 'title' | 'fix' | 'target' | 'result' | 'message';

interface RuleInfo {
  title?: string;
  fix?: string;
}

interface OpenRuleResult {
  idref: string;
  severity?: Severity;
  result?: string;
  messages: string[];
}

/**
 * A copy of a string that does not keep the string it was cut from alive. The parser's strings
 * are slices of the text it was given: keeping one title would keep its whole piece.
 */
function detached(text: string): string {
  return ` ${text}`.slice(1);
}

/**
 * Turns the events of one SAX pass into control results. The parser runs without namespace
 * processing: nothing here depends on namespace URIs (elements are told apart by local name
 * and parent), and resolving them cost an object per attribute and a lookup per element. Text
 * is only asked of the parser inside the few elements that are read.
 */
class XccdfReader {
  sawTestResult = false;
  private readonly parser = new SaxesParser();
  private readonly ready: ControlResultInput[] = [];
  private readonly rules = new Map<string, RuleInfo>();
  /** Local names of the open elements, innermost last. */
  private readonly names: string[] = [];
  private readonly onText = (t: string) => {
    if (this.text.length < MAX_TEXT) this.text += t.slice(0, MAX_TEXT);
  };
  private captured?: Captured;
  private capturedDepth = 0;
  private text = '';
  private rule?: RuleInfo;
  private benchmark?: string;
  private target?: string;
  private current?: OpenRuleResult;

  constructor(private readonly tool: ToolInfo) {
    this.parser.on('doctype', () => {
      throw new InputError('XML with a DOCTYPE is not accepted');
    });
    this.parser.on('error', error => {
      throw new InputError(`The XML is not well-formed: ${error.message}`);
    });
    this.parser.on('opentag', tag => this.open(tag));
    this.parser.on('closetag', () => this.close());
    this.parser.on('cdata', t => {
      if (this.captured) this.onText(t);
    });
  }

  write(text: string) {
    if (text) this.parser.write(text);
  }

  end() {
    this.parser.close();
  }

  take(): ControlResultInput[] {
    return this.ready.splice(0, this.ready.length);
  }

  private open(tag: SaxesTagPlain) {
    const local = localName(tag.name);
    const parent = this.names[this.names.length - 1];
    if (this.names.push(local) > MAX_DEPTH) {
      throw new InputError(`The XML nests deeper than ${MAX_DEPTH} elements`);
    }
    // markup inside a title, fix or message only adds its text
    if (this.captured) return;
    switch (local) {
      case 'Rule':
        this.openRule(tag.attributes.id);
        break;
      case 'TestResult':
        this.sawTestResult = true;
        break;
      case 'profile':
        // XCCDF 1.2 ids read xccdf_<reverse DNS>_<type>_<name>
        if (parent === 'TestResult') {
          const idref = tag.attributes.idref?.replace(/^xccdf_[^_]+_profile_/, '').slice(0, 128);
          this.benchmark = idref && detached(idref);
        }
        break;
      case 'rule-result': {
        const severity = tag.attributes.severity?.toLowerCase();
        this.current = {
          idref: tag.attributes.idref ?? '',
          severity: isSeverity(severity) ? severity : undefined,
          messages: [],
        };
        break;
      }
      case 'title':
      case 'fix':
        if (parent === 'Rule' && this.rule) this.capture(local);
        break;
      case 'target':
        if (parent === 'TestResult') this.capture(local);
        break;
      case 'result':
      case 'message':
        if (parent === 'rule-result' && this.current) this.capture(local);
        break;
      default:
    }
  }

  private close() {
    const depth = this.names.length;
    const local = this.names.pop();
    if (this.captured) {
      if (depth === this.capturedDepth) this.finishCapture(this.captured, this.text.trim());
      return;
    }
    if (local === 'rule-result' && this.current) {
      this.finishRuleResult(this.current);
      this.current = undefined;
    } else if (local === 'Rule') {
      this.rule = undefined;
    }
  }

  private openRule(id: string | undefined) {
    this.rule = undefined;
    if (!id || this.rules.size >= MAX_RULES) return;
    this.rule = {};
    this.rules.set(detached(id), this.rule);
  }

  private capture(local: Captured) {
    this.captured = local;
    this.capturedDepth = this.names.length;
    this.text = '';
    this.parser.on('text', this.onText);
  }

  private finishCapture(local: Captured, text: string) {
    this.parser.off('text');
    this.captured = undefined;
    this.text = '';
    const { rule, current } = this;
    switch (local) {
      case 'title':
        if (rule && text) rule.title = detached(text);
        break;
      case 'fix':
        if (rule && text) rule.fix = detached(text.slice(0, 4096));
        break;
      case 'target':
        if (text) this.target = detached(text);
        break;
      case 'result':
        if (current) current.result = text;
        break;
      case 'message':
        if (current && text && current.messages.length < MAX_MESSAGES) current.messages.push(text);
        break;
      default:
    }
  }

  private finishRuleResult(r: OpenRuleResult) {
    const status = RESULTS.get(r.result?.toLowerCase() ?? '');
    if (status === null) return;
    if (!r.idref || status === undefined) {
      throw new InputError(`An XCCDF rule-result has no rule or an unknown result (${r.result ?? 'none'})`);
    }
    const rule = this.rules.get(r.idref);
    this.ready.push({
      tool: this.tool,
      controlId: r.idref.slice(0, 255),
      benchmark: this.benchmark,
      title: rule?.title ?? r.idref.replace(/^xccdf_[^_]+_rule_/, ''),
      status,
      severity: r.severity,
      evidence: [{ resource: this.target, message: r.messages.length > 0 ? r.messages.join('; ') : undefined }],
      remediation: rule?.fix,
    });
  }
}

/** How many of the bytes end on a character boundary (a UTF-8 sequence may be cut short). */
function wholeCharacters(bytes: Buffer): number {
  let lead = bytes.length - 1;
  while (lead >= 0 && lead > bytes.length - 4 && (bytes[lead] & 0xc0) === 0x80) lead--;
  if (lead < 0) return bytes.length;
  const b = bytes[lead];
  let size = 1;
  if (b >= 0xf0) size = 4;
  else if (b >= 0xe0) size = 3;
  else if (b >= 0xc0) size = 2;
  return lead + size > bytes.length ? lead : bytes.length;
}

/**
 * Decodes UTF-8 chunks into strings of at most 64 KiB. Strings that small are allocated in V8's
 * young generation and die there cheaply; a megabyte chunk decoded whole goes straight to the
 * old generation, and in a backend with a large heap a few of those start a full marking. A
 * character cut between chunks is decoded once complete. ASCII, most of any XCCDF, is copied
 * rather than decoded: the same string, several times faster.
 */
class Utf8Pieces {
  private carried?: Buffer;

  *decode(chunk: Buffer): Generator<string> {
    const bytes = this.carried ? Buffer.concat([this.carried, chunk]) : chunk;
    let start = 0;
    while (start < bytes.length) {
      const piece = bytes.subarray(start, start + PIECE_BYTES);
      const whole = wholeCharacters(piece);
      if (whole === 0) break;
      yield isAscii(piece) ? piece.toString('latin1') : piece.toString('utf8', 0, whole);
      start += whole;
    }
    this.carried = start < bytes.length ? Buffer.from(bytes.subarray(start)) : undefined;
  }

  /** What is left at the end of the input: an incomplete character, decoded as U+FFFD. */
  rest(): string {
    return this.carried?.toString('utf8') ?? '';
  }
}

/** Hands results to the sink, waiting only when it asks to (a batch is being written). */
async function emit(results: ControlResultInput[], sink: ReportSink) {
  for (const result of results) {
    const written = sink.controlResult(result);
    if (written) await written;
  }
}

/**
 * XCCDF 1.1/1.2 results as `oscap xccdf eval` and the Compliance Operator write them: a
 * `TestResult` with `rule-result`s, alone, inside a `Benchmark` (whose `Rule` titles and fixes
 * are used), or inside an ARF report (`--results-arf`), whose report requests carry the
 * Benchmark ahead of the results. Read as a stream, so a large result costs little memory; a
 * DOCTYPE is refused, so no entity is ever declared, expanded or fetched.
 */
export const xccdfFormat: ReportFormat = {
  id: 'xccdf',
  displayName: 'XCCDF results',
  detect(head) {
    // an ARF report names XCCDF only after its report requests, which may be megabytes long
    return /checklists\.nist\.gov\/xccdf\/|scap\.nist\.gov\/schema\/asset-reporting-format\//.test(head);
  },
  async parse(input, sink) {
    const tool = { name: 'openscap' };
    const reader = new XccdfReader(tool);
    const decoder = new Utf8Pieces();
    const skipper = new XmlContentSkipper(UNREAD);
    sink.toolRun(tool);
    for await (const chunk of input.open()) {
      for (const text of decoder.decode(chunk as Buffer)) reader.write(skipper.filter(text));
      await emit(reader.take(), sink);
    }
    reader.write(skipper.filter(decoder.rest()) + skipper.end());
    reader.end();
    await emit(reader.take(), sink);
    if (!reader.sawTestResult) throw new InputError('The XCCDF document has no TestResult');
  },
};
