import { PassThrough } from 'node:stream';
import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { ReportFormat } from '@devsecops/plugin-security-node';
import { Knex } from 'knex';
import { DatabaseSecurityStore } from '../database/DatabaseSecurityStore';
import { FormatRegistry } from '../service/FormatRegistry';
import { BundleVerifier } from '../supplychain/BundleVerifier';
import { publicGoodTrust } from '../supplychain/__testUtils__/fixtures';
import { IngestReportOptions, ingestReport } from './ingestReport';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

/**
 * A streaming format of comma-separated rule ids, one finding each. `firstChunk` resolves when
 * it has read its first chunk, which tells whether it ran before the body was whole.
 */
function ruleList() {
  let sawFirstChunk!: () => void;
  const firstChunk = new Promise<void>(resolve => {
    sawFirstChunk = resolve;
  });
  const format: ReportFormat = {
    id: 'rule-list',
    displayName: 'Rule list',
    incremental: true,
    detect: head => head.startsWith('rules:'),
    async parse(input, sink) {
      let rest = '';
      for await (const chunk of input.open()) {
        sawFirstChunk();
        const parts = (rest + String(chunk)).split(',');
        rest = parts.pop()!;
        for (const part of parts) {
          const rule = part.replace(/^rules:/, '').trim();
          if (!rule) continue;
          const written = sink.finding({
            type: 'code',
            tool: { name: 'rule-lister' },
            ruleId: rule,
            severity: 'medium',
            title: rule,
          });
          if (written) await written;
        }
      }
    },
  };
  return { format, firstChunk };
}

const rules = (from: number, count: number) =>
  Buffer.from(Array.from({ length: count }, (_, i) => `r${from + i},`).join(''));
/** The start of a report: more than the 64 KiB its format is recognised from, then rules. */
const start = (count: number) => Buffer.concat([Buffer.from(`rules:${' '.repeat(70_000)},`), rules(0, count)]);

describe.each(databases.eachSupportedId())('ingestReport on %p', (databaseId: TestDatabaseId) => {
  let knex: Knex;
  let store: DatabaseSecurityStore;
  const verifier = new BundleVerifier(publicGoodTrust());

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    store = await DatabaseSecurityStore.create({
      database: { getClient: async () => knex, migrations: { skip: false } },
    });
  });

  beforeEach(async () => {
    for (const table of ['security_findings', 'security_scans', 'security_entity_summaries', 'security_reports']) {
      await knex(table).delete();
    }
  });

  const options = (body: IngestReportOptions['body'], format: ReportFormat, entity = 'payments-api'): IngestReportOptions => {
    const formats = new FormatRegistry();
    formats.add(format);
    return {
      body,
      entityRef: `component:default/${entity}`,
      sourceLabel: '',
      supplyChain: { verifier },
      formats,
      store,
      maxReportBytes: 200_000,
    };
  };
  const findingCount = async () => Number((await knex('security_findings').count({ n: '*' }))[0].n);

  it('reads a streaming report while it arrives, holding no transaction meanwhile', async () => {
    const { format, firstChunk } = ruleList();
    const body = new PassThrough();
    const upload = ingestReport(options(body, format));
    body.write(start(10));
    await firstChunk; // the rest has not been sent

    // Another upload goes through in the meantime: the first one holds no lock.
    const other = ruleList();
    const whole = new PassThrough();
    whole.end(Buffer.concat([Buffer.from('rules:'), rules(100, 3)]));
    const done = await ingestReport(options(whole, other.format, 'checkout-web'));
    expect(done.counts.findings).toBe(3);

    body.end(rules(10, 5));
    const result = await upload;
    expect(result).toMatchObject({ duplicate: false, counts: { findings: 15 } });
    expect(await findingCount()).toBe(18);
  });

  it('stops reading a report that outgrows the limit, and stores nothing', async () => {
    const { format, firstChunk } = ruleList();
    const body = new PassThrough();
    const upload = ingestReport(options(body, format));
    upload.catch(() => undefined);
    body.write(start(10));
    await firstChunk;
    body.end(rules(10, 30_000)); // 70 kB and 200 kB more
    await expect(upload).rejects.toMatchObject({ name: 'PayloadTooLargeError' });
    expect(await findingCount()).toBe(0);
    expect(Number((await knex('security_reports').count({ n: '*' }))[0].n)).toBe(0);
  });

  it('answers a repeat with the first receipt and leaves its early parse behind', async () => {
    const content = Buffer.concat([start(0), rules(0, 5_000)]);
    const send = () => {
      const body = new PassThrough();
      body.end(content);
      return ingestReport(options(body, ruleList().format));
    };
    const first = await send();
    const again = await send();
    expect(again).toMatchObject({ id: first.id, duplicate: true, counts: first.counts });
    expect(await findingCount()).toBe(first.counts.findings);
  });
});
