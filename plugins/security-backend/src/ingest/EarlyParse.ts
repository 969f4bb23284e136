import { ReportFormat, ReportInput, ReportSink } from '@devsecops/plugin-security-node';

type SinkCall = (sink: ReportSink) => void | Promise<void>;

/** The sink methods whose promise a parser awaits: those can make it wait. */
const AWAITED: Array<keyof ReportSink> = [
  'finding',
  'component',
  'dependency',
  'vexStatement',
  'attestation',
  'controlResult',
];
const NOT_AWAITED: Array<keyof ReportSink> = ['sbomRoot', 'toolRun', 'warning'];
/** More warnings than any sink keeps; the rest are dropped rather than queued. */
const MAX_QUEUED_WARNINGS = 1000;

/** Ends a parse whose report will not be stored (a repeat upload, or one that failed). */
class ParseAbandoned extends Error {
  name = 'ParseAbandoned';
}

/**
 * Runs a parser while the report is still arriving, before the ingest transaction exists
 * (holding one open for as long as a slow client uploads would block every other writer on
 * SQLite). What the parser emits meanwhile is queued, at most `maxQueued` calls, after which
 * the parser waits; `continueInto` replays the queue into the transaction's sink and lets the
 * parser write there directly from then on.
 */
export class EarlyParse {
  private queue: SinkCall[] = [];
  private queuedWarnings = 0;
  private target?: ReportSink;
  private abandoned?: ParseAbandoned;
  private resume?: { resolve: () => void; reject: (error: Error) => void };
  private readonly parsed: Promise<void>;

  constructor(
    format: ReportFormat,
    input: ReportInput,
    private readonly maxQueued: number,
  ) {
    this.parsed = format.parse(input, this.proxySink());
    this.parsed.catch(() => undefined);
  }

  /** Hands the parse over to `sink` and resolves when the parser has finished. */
  async continueInto(sink: ReportSink): Promise<void> {
    for (let i = 0; i < this.queue.length; i++) {
      const written = this.queue[i](sink);
      if (written) await written;
    }
    this.queue = [];
    this.target = sink;
    this.resume?.resolve();
    await this.parsed;
  }

  /** Stops a parse that was never handed over; a no-op once it was. */
  abandon(): void {
    if (this.target || this.abandoned) return;
    this.abandoned = new ParseAbandoned('The report is not being stored');
    this.queue = [];
    this.resume?.reject(this.abandoned);
  }

  private proxySink(): ReportSink {
    const sink: Record<string, unknown> = {};
    for (const method of [...AWAITED, ...NOT_AWAITED]) {
      const awaited = AWAITED.includes(method);
      sink[method] = (...args: unknown[]) =>
        this.call(
          target => (target[method] as (...a: unknown[]) => void | Promise<void>)(...args),
          awaited,
          method === 'warning',
        );
    }
    return sink as unknown as ReportSink;
  }

  private call(write: SinkCall, awaited: boolean, droppable: boolean): void | Promise<void> {
    if (this.target) return write(this.target);
    if (this.abandoned) throw this.abandoned;
    if (droppable && ++this.queuedWarnings > MAX_QUEUED_WARNINGS) return undefined;
    this.queue.push(write);
    if (this.queue.length < this.maxQueued || !awaited) return undefined;
    return new Promise<void>((resolve, reject) => {
      this.resume = { resolve, reject };
    });
  }
}
