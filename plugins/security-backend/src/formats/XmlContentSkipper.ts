import { InputError } from '@backstage/errors';

/** Longer tags are not XCCDF; waiting for their end would re-scan them piece after piece. */
const MAX_TAG = 256 * 1024;

/** Markup whose content is passed through (or dropped) unread, up to its terminator. */
const OPAQUE: Array<[string, string]> = [
  ['<!--', '-->'],
  ['<![CDATA[', ']]>'],
  ['<?', '?>'],
];
const LONGEST_OPENER = Math.max(...OPAQUE.map(([opener]) => opener.length));

/** Whether the markup at `lt` is cut too short to tell a tag from a comment, CDATA or PI. */
function undecided(text: string, lt: number): boolean {
  const start = text.slice(lt, lt + LONGEST_OPENER);
  return OPAQUE.some(([opener]) => opener.length > start.length && opener.startsWith(start));
}

/** Where the name that starts at `from` ends: at white space, `/` or `>`. */
function tagNameEnd(text: string, from: number): number {
  let i = from;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x3e || c === 0x2f || c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d) break;
  }
  return i;
}

/** `xccdf:rule-result` and `rule-result` alike: elements are matched by local names. */
export function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon === -1 ? name : name.slice(colon + 1);
}

/** Where a start or end tag that begins at `from` ends (after its `>`), minding quotes. */
function tagEnd(text: string, from: number): number {
  let quote = 0;
  for (let i = from + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (quote !== 0) {
      if (c === quote) quote = 0;
    } else if (c === 0x22 || c === 0x27) {
      quote = c;
    } else if (c === 0x3e) {
      return i + 1;
    }
  }
  return -1;
}

/**
 * Drops the content of elements a reader never looks at (by local name), keeping their start
 * and end tags, before the text reaches the XML parser, which would otherwise visit every
 * character of it. Only markup is examined here, found with `indexOf`; comments, CDATA
 * sections and processing instructions are stepped over whole, so a tag quoted inside one is
 * not taken for a tag. A DOCTYPE is refused here already, as the parser would refuse it; what
 * passes through is untouched, and its well-formedness stays the parser's to check (what is
 * dropped is not checked). A tag cut between pieces is scanned again with the next one, which
 * stays linear with the 64 KiB pieces the XCCDF reader feeds.
 */
export class XmlContentSkipper {
  private pending = '';
  /** The element whose content is being dropped, and how deep it is nested in itself. */
  private skipping?: string;
  private depth = 0;
  /** Inside a comment, CDATA section or processing instruction: its terminator. */
  private opaqueEnd?: string;

  constructor(private readonly names: ReadonlySet<string>) {}

  /** The part of `piece` (with what was held back before it) the parser gets now. */
  filter(piece: string): string {
    const text = this.pending + piece;
    this.pending = '';
    const out: string[] = [];
    // kept text is cut out in runs: from `run` to where dropping starts (or the end)
    let run = this.skipping ? -1 : 0;
    let i = 0;
    let held = text.length;
    while (i < text.length) {
      if (this.opaqueEnd) {
        const end = text.indexOf(this.opaqueEnd, i);
        if (end === -1) {
          // a terminator may be cut between pieces: hold back its length less one
          held = Math.max(i, text.length - (this.opaqueEnd.length - 1));
          break;
        }
        i = end + this.opaqueEnd.length;
        this.opaqueEnd = undefined;
        continue;
      }
      const lt = text.indexOf('<', i);
      if (lt === -1) break;
      if (text.length - lt < LONGEST_OPENER && undecided(text, lt)) {
        held = lt;
        break;
      }
      const next = text.charCodeAt(lt + 1);
      if (next === 0x21 /* ! */ || next === 0x3f /* ? */) {
        const opaque = OPAQUE.find(([opener]) => text.startsWith(opener, lt));
        if (!opaque) {
          // a DOCTYPE or a declaration inside one, refused here as the parser refuses it
          throw new InputError('XML with a DOCTYPE is not accepted');
        }
        this.opaqueEnd = opaque[1];
        i = lt + opaque[0].length;
        continue;
      }
      // Only tags of elements to skip (or of the one being skipped) matter; the rest is
      // passed over from its name on: a well-formed document has no `<` inside a tag.
      const closing = next === 0x2f;
      const nameStart = closing ? lt + 2 : lt + 1;
      const nameEnd = tagNameEnd(text, nameStart);
      if (nameEnd === text.length) {
        held = this.holdTag(text, lt); // the name may go on in the next piece
        break;
      }
      const local = localName(text.slice(nameStart, nameEnd));
      if (this.skipping ? local !== this.skipping : closing || !this.names.has(local)) {
        i = nameEnd;
        continue;
      }
      const end = tagEnd(text, lt);
      if (end === -1) {
        held = this.holdTag(text, lt);
        break;
      }
      const selfClosing = !closing && text.charCodeAt(end - 2) === 0x2f;
      if (this.skipping) {
        if (!selfClosing) this.depth += closing ? -1 : 1;
        if (this.depth === 0) {
          this.skipping = undefined;
          run = lt; // the end tag is kept
        }
      } else if (!selfClosing) {
        this.skipping = local;
        this.depth = 1;
        out.push(text.slice(run, end));
        run = -1;
      }
      i = end;
    }
    if (run !== -1 && held > run) out.push(text.slice(run, held));
    this.pending = text.slice(held);
    return out.length === 1 ? out[0] : out.join('');
  }

  /** Holds back a tag cut short by the end of the piece, unless it is too long for one. */
  private holdTag(text: string, lt: number): number {
    if (text.length - lt > MAX_TAG) {
      throw new InputError(`The XML has a tag longer than ${MAX_TAG} characters`);
    }
    return lt;
  }

  /** What is held back at the end of the input, for the parser to judge. */
  end(): string {
    const rest = this.skipping ? '' : this.pending;
    this.pending = '';
    return rest;
  }
}
