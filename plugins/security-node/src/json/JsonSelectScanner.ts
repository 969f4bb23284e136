/**
 * A streaming JSON scanner that hands out only the values at selected paths.
 *
 * Reports can be hundreds of megabytes, but what a parser needs is a sequence of small
 * elements (SARIF results, CycloneDX components, Trivy vulnerabilities). The scanner walks the
 * bytes once, tracks the path only as deep as some selector reaches, skips everything else
 * without materialising it, and hands each selected value to the native `JSON.parse`. Memory
 * stays bounded by the largest selected value, not by the document.
 */

/** A selector: object keys or `*` (any key or array index), from the document root. */
export type JsonSelector = readonly string[];

export type JsonPath = Array<string | number>;

export interface SelectedValue {
  path: JsonPath;
  value: unknown;
}

export class JsonStreamError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JsonStreamError';
  }
}

export interface JsonSelectScannerOptions {
  /** Largest single selected value, in bytes. */
  maxValueBytes?: number;
  /** Deepest nesting accepted anywhere in the document. */
  maxDepth?: number;
}

const enum State {
  Value,
  ObjectStart,
  ObjectKey,
  KeyString,
  Colon,
  AfterValue,
  ArrayStart,
  Scalar,
  Nested,
  Done,
}

interface Frame {
  array: boolean;
  key: string | number;
  /** Selectors still matching the path down to this container. */
  live: JsonSelector[];
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const SCALAR_RE = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)$/;

function isSpace(b: number) {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

function isScalarByte(b: number) {
  // digits, letters (true/false/null, exponent), '+', '-', '.'
  return (
    (b >= 0x30 && b <= 0x39) ||
    (b >= 0x61 && b <= 0x7a) ||
    (b >= 0x41 && b <= 0x5a) ||
    b === 0x2b ||
    b === 0x2d ||
    b === 0x2e
  );
}

export class JsonSelectScanner {
  private readonly maxValueBytes: number;
  private readonly maxDepth: number;
  private readonly stack: Frame[] = [];
  private state: State = State.Value;
  private started = false;
  private offset = 0;

  // key being read at a tracked level
  private keyParts: Buffer[] = [];
  private keyBytes = 0;
  private pendingKey: string | number = '';

  // a value being skipped or captured below the tracked levels
  private nestedDepth = 0;
  /** The closing bracket expected at each level of the nested value. */
  private closers: number[] = [];
  private inString = false;
  private escaped = false;
  private capturing = false;
  private captureParts: Buffer[] = [];
  private captureBytes = 0;
  private captureStart = 0;
  private capturePath: JsonPath = [];
  private scalarText = '';

  /** The values a chunk completed, as text: parsed only when handed out (see `values`). */
  private out: Array<{ path: JsonPath; text: string }> = [];

  constructor(
    private readonly selectors: JsonSelector[],
    options: JsonSelectScannerOptions = {},
  ) {
    this.maxValueBytes = options.maxValueBytes ?? 64 * 1024 * 1024;
    this.maxDepth = options.maxDepth ?? 1000;
  }

  /**
   * Feeds the next chunk and returns the values it completed, in document order. Each is
   * parsed as it is taken, so the values of a chunk are not all alive at once: a megabyte of
   * results parsed up front lived long enough to reach V8's old generation.
   */
  push(chunk: Buffer): Iterable<SelectedValue> {
    this.out = [];
    let i = 0;
    if (!this.started && chunk.length > 0) {
      this.started = true;
      if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) i = 3;
    }
    const n = chunk.length;
    while (i < n) {
      switch (this.state) {
        case State.Nested:
          i = this.scanNested(chunk, i);
          break;
        case State.KeyString:
          i = this.scanKey(chunk, i);
          break;
        case State.Scalar:
          i = this.scanScalar(chunk, i);
          break;
        default:
          i = this.step(chunk, i);
      }
    }
    if (this.capturing && (this.state === State.Nested || this.state === State.Scalar)) {
      this.keepCapture(chunk.subarray(this.captureStart));
      this.captureStart = 0;
    }
    this.offset += n;
    return this.values(this.out);
  }

  /** Declares the end of input; throws if the document is incomplete. */
  end(): Iterable<SelectedValue> {
    this.out = [];
    if (this.state === State.Scalar && this.stack.length === 0) {
      // a bare top-level number or literal ends with the input
      this.finishScalar(Buffer.alloc(0), 0);
    }
    if (!this.started || (this.state === State.Value && this.stack.length === 0)) {
      throw new JsonStreamError('The document is empty');
    }
    if (this.state !== State.Done) {
      throw new JsonStreamError(
        `The document ends early, after ${this.offset} bytes: it is truncated`,
      );
    }
    return this.values(this.out);
  }

  private *values(items: Array<{ path: JsonPath; text: string }>): Generator<SelectedValue> {
    for (let i = 0; i < items.length; i++) {
      const { path, text } = items[i];
      (items as unknown[])[i] = undefined; // taken: no longer kept alive by the list
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (e) {
        throw new JsonStreamError(
          `Invalid JSON in the element at ${formatPath(path)}: ${(e as Error).message}`,
        );
      }
      yield { path, value };
    }
  }

  private fail(message: string, chunkIndex: number): never {
    throw new JsonStreamError(
      `Invalid JSON at byte ${this.offset + chunkIndex}: ${message}`,
    );
  }

  /** One structural byte at a tracked level. */
  private step(chunk: Buffer, i: number): number {
    const b = chunk[i];
    if (isSpace(b)) return i + 1;
    switch (this.state) {
      case State.Done:
        return this.fail('unexpected content after the document', i);
      case State.ObjectStart:
        if (b === 0x7d) return this.closeContainer(i, false);
        return this.startKey(b, i);
      case State.ObjectKey:
        return this.startKey(b, i);
      case State.Colon:
        if (b !== 0x3a) return this.fail("expected ':'", i);
        this.state = State.Value;
        return i + 1;
      case State.ArrayStart:
        if (b === 0x5d) return this.closeContainer(i, true);
        this.pendingKey = 0;
        this.state = State.Value;
        return this.startValue(chunk, i);
      case State.Value:
        return this.startValue(chunk, i);
      case State.AfterValue: {
        const top = this.stack[this.stack.length - 1];
        if (b === 0x2c) {
          if (top.array) {
            this.pendingKey = (top.key as number) + 1;
            top.key = this.pendingKey;
            this.state = State.Value;
          } else {
            this.state = State.ObjectKey;
          }
          return i + 1;
        }
        if (b === 0x7d && !top.array) return this.closeContainer(i, false);
        if (b === 0x5d && top.array) return this.closeContainer(i, true);
        return this.fail("expected ',' or the end of the container", i);
      }
      default:
        return this.fail('unexpected state', i);
    }
  }

  private startKey(b: number, i: number): number {
    if (b !== QUOTE) return this.fail('expected a property name', i);
    this.keyParts = [];
    this.keyBytes = 0;
    this.escaped = false;
    this.state = State.KeyString;
    return i + 1;
  }

  private closeContainer(i: number, array: boolean): number {
    const top = this.stack[this.stack.length - 1];
    if (!top || top.array !== array) this.fail('mismatched bracket', i);
    this.stack.pop();
    this.state = this.stack.length === 0 ? State.Done : State.AfterValue;
    return i + 1;
  }

  private startValue(chunk: Buffer, i: number): number {
    const b = chunk[i];
    const depth = this.stack.length;
    const parent = this.stack[depth - 1];
    const key = this.pendingKey;
    if (parent?.array) parent.key = key;
    const live = parent ? parent.live : this.selectors;
    let exact = false;
    let deeper: JsonSelector[] | undefined;
    if (depth === 0) {
      exact = live.some(s => s.length === 0);
      deeper = live.filter(s => s.length > 0);
    } else {
      for (const s of live) {
        const part = s[depth - 1];
        if (part !== '*' && part !== key) continue;
        if (s.length === depth) exact = true;
        else (deeper ??= []).push(s);
      }
    }
    const container = b === 0x7b || b === 0x5b;
    if (!exact && deeper && deeper.length > 0 && container) {
      if (depth >= this.maxDepth) this.fail('nesting is too deep', i);
      this.stack.push({ array: b === 0x5b, key: 0, live: deeper });
      this.pendingKey = 0;
      this.state = b === 0x5b ? State.ArrayStart : State.ObjectStart;
      return i + 1;
    }
    this.capturing = exact;
    if (exact) {
      this.capturePath = this.stack.map(f => f.key);
      this.captureParts = [];
      this.captureBytes = 0;
      this.captureStart = i;
    }
    if (container || b === QUOTE) {
      this.nestedDepth = container ? 1 : 0;
      this.closers = container ? [b + 2] : [];
      this.inString = b === QUOTE;
      this.escaped = false;
      this.state = State.Nested;
      return i + 1;
    }
    if (!isScalarByte(b)) this.fail(`unexpected character '${String.fromCharCode(b)}'`, i);
    this.scalarText = '';
    this.state = State.Scalar;
    return i;
  }

  private scanKey(chunk: Buffer, i: number): number {
    const q = this.findStringEnd(chunk, i);
    if (q === -1) {
      this.addKeyPart(chunk.subarray(i));
      return chunk.length;
    }
    this.addKeyPart(chunk.subarray(i, q));
    const raw = Buffer.concat(this.keyParts, this.keyBytes);
    let key: string;
    try {
      key = raw.includes(BACKSLASH)
        ? (JSON.parse(`"${raw.toString('utf8')}"`) as string)
        : raw.toString('utf8');
    } catch {
      return this.fail('invalid escape in a property name', q);
    }
    this.stack[this.stack.length - 1].key = key;
    this.pendingKey = key;
    this.state = State.Colon;
    return q + 1;
  }

  private addKeyPart(part: Buffer) {
    this.keyBytes += part.length;
    if (this.keyBytes > 64 * 1024) {
      throw new JsonStreamError('A property name is longer than 64 KiB');
    }
    this.keyParts.push(Buffer.from(part));
  }

  /**
   * Finds the quote that closes the current string, from `from` on, or -1 when the chunk ends
   * first. A quote is escaped when an odd run of backslashes precedes it; `escaped` carries
   * an unpaired backslash across chunk boundaries.
   */
  private findStringEnd(chunk: Buffer, from: number): number {
    let start = from;
    for (;;) {
      const q = chunk.indexOf(QUOTE, start);
      const stop = q === -1 ? chunk.length : q;
      let k = stop - 1;
      let run = 0;
      while (k >= start && chunk[k] === BACKSLASH) {
        run++;
        k--;
      }
      if (k < start && this.escaped) run++;
      const odd = run % 2 === 1;
      if (q === -1) {
        this.escaped = odd;
        return -1;
      }
      this.escaped = false;
      if (!odd) return q;
      start = q + 1;
    }
  }

  /** Skips or captures a string or container below the tracked levels. */
  private scanNested(chunk: Buffer, i: number): number {
    const n = chunk.length;
    let j = i;
    while (j < n) {
      if (this.inString) {
        const q = this.findStringEnd(chunk, j);
        if (q === -1) return n;
        this.inString = false;
        j = q + 1;
        if (this.nestedDepth === 0) return this.finishNested(chunk, j);
        continue;
      }
      const b = chunk[j];
      if (b === QUOTE) {
        this.inString = true;
        this.escaped = false;
      } else if (b === 0x7b || b === 0x5b) {
        if (++this.nestedDepth + this.stack.length > this.maxDepth) {
          this.fail('nesting is too deep', j);
        }
        this.closers.push(b + 2);
      } else if (b === 0x7d || b === 0x5d) {
        if (this.closers.pop() !== b) this.fail('mismatched bracket', j);
        if (--this.nestedDepth === 0) return this.finishNested(chunk, j + 1);
      }
      j++;
    }
    return n;
  }

  private finishNested(chunk: Buffer, end: number): number {
    if (this.capturing) {
      this.keepCapture(chunk.subarray(this.captureStart, end));
      this.emitCapture();
    }
    this.state = this.stack.length === 0 ? State.Done : State.AfterValue;
    return end;
  }

  private scanScalar(chunk: Buffer, i: number): number {
    let j = i;
    const n = chunk.length;
    while (j < n && isScalarByte(chunk[j])) j++;
    if (this.scalarText.length < 400) {
      this.scalarText += chunk.toString('latin1', i, Math.min(j, i + 400));
    }
    if (j === n) return n;
    return this.finishScalar(chunk, j);
  }

  private finishScalar(chunk: Buffer, end: number): number {
    if (!SCALAR_RE.test(this.scalarText)) {
      this.fail(`'${this.scalarText.slice(0, 40)}' is not a JSON value`, end);
    }
    if (this.capturing) {
      this.keepCapture(chunk.subarray(this.captureStart, end));
      this.emitCapture();
    }
    this.state = this.stack.length === 0 ? State.Done : State.AfterValue;
    return end;
  }

  private keepCapture(part: Buffer) {
    this.captureBytes += part.length;
    if (this.captureBytes > this.maxValueBytes) {
      throw new JsonStreamError(
        `An element at ${formatPath(this.capturePath)} is larger than ${this.maxValueBytes} bytes`,
      );
    }
    if (part.length > 0) this.captureParts.push(part);
  }

  private emitCapture() {
    const parts = this.captureParts;
    const text =
      parts.length === 1
        ? parts[0].toString('utf8')
        : Buffer.concat(parts, this.captureBytes).toString('utf8');
    this.captureParts = [];
    this.capturing = false;
    this.out.push({ path: this.capturePath, text });
  }
}

export function formatPath(path: JsonPath): string {
  return path.length === 0
    ? '$'
    : `$${path.map(p => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('')}`;
}
