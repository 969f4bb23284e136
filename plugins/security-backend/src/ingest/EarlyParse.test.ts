import { Readable } from 'node:stream';
import { FindingInput, ReportFormat, ReportSink } from '@devsecops/plugin-security-node';
import { EarlyParse } from './EarlyParse';

const finding = (n: number): FindingInput => ({
  type: 'code',
  tool: { name: 'scanner' },
  ruleId: `rule-${n}`,
  severity: 'low',
  title: `Finding ${n}`,
});

/** A format that emits one finding per number in the body, awaiting the sink as parsers do. */
const numbers = (emitted: number[]): ReportFormat => ({
  id: 'numbers',
  displayName: 'Numbers',
  incremental: true,
  detect: () => true,
  async parse(input, sink) {
    sink.toolRun({ name: 'scanner' });
    for await (const chunk of input.open()) {
      for (const n of String(chunk).split(',').filter(Boolean).map(Number)) {
        emitted.push(n);
        sink.warning(`saw ${n}`);
        const written = sink.finding(finding(n));
        if (written) await written;
      }
    }
  },
});

const input = (count: number) => ({
  size: 0,
  open: () => Readable.from(Array.from({ length: count }, (_, i) => `${i},`)),
});

function recordingSink() {
  const calls: string[] = [];
  const sink = {
    toolRun: () => calls.push('toolRun'),
    warning: () => calls.push('warning'),
    finding: async (f: FindingInput) => {
      await new Promise(r => setImmediate(r));
      calls.push(f.ruleId!);
    },
  } as unknown as ReportSink;
  return { calls, sink };
}

const settle = () => new Promise(r => setTimeout(r, 20));

describe('EarlyParse', () => {
  it('queues what the parser emits, replays it in order, then passes writes straight through', async () => {
    const emitted: number[] = [];
    const early = new EarlyParse(numbers(emitted), input(10), 100);
    await settle();
    expect(emitted).toHaveLength(10); // parsed before any sink existed
    const { calls, sink } = recordingSink();
    await early.continueInto(sink);
    expect(calls.filter(c => c.startsWith('rule-'))).toEqual(Array.from({ length: 10 }, (_, i) => `rule-${i}`));
    expect(calls[0]).toBe('toolRun');
  });

  it('makes the parser wait once the queue is full, and lets it go on after the handover', async () => {
    const emitted: number[] = [];
    const early = new EarlyParse(numbers(emitted), input(50), 5);
    await settle();
    // toolRun and warnings do not make it wait; the fifth queued call that can be awaited does
    expect(emitted.length).toBeLessThan(10);
    const { calls, sink } = recordingSink();
    await early.continueInto(sink);
    expect(emitted).toHaveLength(50);
    expect(calls.filter(c => c.startsWith('rule-'))).toHaveLength(50);
  });

  it('stops a waiting parser when the report will not be stored', async () => {
    const emitted: number[] = [];
    let outcome: unknown;
    const format = numbers(emitted);
    const parse = format.parse.bind(format);
    format.parse = (i, s) => parse(i, s).catch(error => {
      outcome = error;
    });
    const early = new EarlyParse(format, input(50), 5);
    await settle();
    early.abandon();
    await settle();
    expect((outcome as Error)?.name).toBe('ParseAbandoned');
    expect(emitted.length).toBeLessThan(10);
  });

  it('keeps no more than a thousand warnings while it waits for the sink', async () => {
    const noisy: ReportFormat = {
      ...numbers([]),
      async parse(_input, sink) {
        for (let i = 0; i < 5000; i++) sink.warning(`warning ${i}`);
      },
    };
    const early = new EarlyParse(noisy, input(0), 10);
    await settle();
    const { calls, sink } = recordingSink();
    await early.continueInto(sink);
    expect(calls).toHaveLength(1000);
  });

  it('hands the parser error over with the sink', async () => {
    const failing: ReportFormat = {
      ...numbers([]),
      async parse(_input, sink) {
        await sink.finding(finding(1));
        throw new SyntaxError('Unexpected end of JSON input');
      },
    };
    const early = new EarlyParse(failing, input(0), 10);
    await settle();
    await expect(early.continueInto(recordingSink().sink)).rejects.toThrow('Unexpected end of JSON input');
  });
});
