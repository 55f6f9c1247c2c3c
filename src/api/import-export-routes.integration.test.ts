import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountsApiCalls } from '../../tests/support/accounts-api-calls.ts';
import { openApiUnderTest, type ApiUnderTest } from '../../tests/support/api-app.ts';
import { BACKENDS } from '../../tests/support/stores.ts';
import { listAccounts } from '../store/accounts-repository.ts';

interface ErrorBody {
  error: string;
  issues?: Array<{ line?: number; field?: string; message: string }>;
}

describe.each(BACKENDS)('the register imported and exported through the API on %s', (backend) => {
  let api: ApiUnderTest;

  const { send, create, importRegister, registered } = accountsApiCalls(() => api);

  beforeAll(async () => {
    api = await openApiUnderTest(backend);
  }, 60_000);
  afterAll(() => api?.close());

  it('imports a register all or nothing, naming each bad row by line and field', async () => {
    const before = await registered();
    const csv = [
      'platform,url,name,interval',
      'feed,https://example.org/new.xml,New,1d',
      'nosuch,https://example.org/x,Bad,1d',
      'feed,https://example.org/y.xml,Y,soon',
      '',
    ].join('\n');
    const res = await importRegister(csv, 'text/csv; charset=utf-8');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      error: 'the accounts register has 2 problems; no account was loaded',
      issues: [
        { line: 3, field: 'platform', message: expect.stringMatching(/^unknown platform "nosuch"/) },
        { line: 4, field: 'interval', message: 'expected a duration like 30m, 6h or 1d, got "soon"' },
      ],
    });
    const yaml = [
      'accounts:',
      '  - platform: feed',
      '    url: https://example.org/z.xml',
      '  - platform: feed',
      '    url: https://example.org/w.xml',
      '    policy: nope',
      '',
    ].join('\n');
    const bad = await importRegister(yaml, 'application/yaml');
    expect(bad.json<ErrorBody>().issues).toEqual([{ line: 6, field: 'policy', message: expect.stringMatching(/^unknown policy "nope"/) }]);
    const gbk = Buffer.from([...Buffer.from('platform,url,name\nfeed,https://example.org/gbk.xml,'), 0xc4, 0xcf, 0xbe, 0xa9, 0x0a]);
    const notUtf8 = await api.call(api.tokens.operator, {
      method: 'POST',
      url: '/api/accounts/import',
      headers: { 'content-type': 'text/csv' },
      payload: gbk,
    });
    expect(notUtf8.json<ErrorBody>().issues).toEqual([{ line: 2, message: expect.stringMatching(/not UTF-8/) }]);
    expect(await registered()).toEqual(before);
  });

  it('answers a dry run with what an import would do, and writes nothing', async () => {
    await create({ platform: 'feed', url: 'https://example.org/b.xml', name: 'B' });
    const before = await registered();
    const json = JSON.stringify([
      { platform: 'feed', url: 'https://example.org/dry.xml' },
      { platform: 'feed', url: 'https://example.org/b.xml', name: 'B' },
    ]);
    const res = await importRegister(json, 'application/json', '?dryRun=true');
    expect(res.json()).toEqual({ added: 1, updated: 0, unchanged: 1, dryRun: true });
    expect(await registered()).toEqual(before);
    const real = await importRegister(json, 'application/json');
    expect(real.json()).toEqual({ added: 1, updated: 0, unchanged: 1, dryRun: false });
  });

  it('takes a register up to its own size limits, larger than other requests may be (413 past them)', async () => {
    // Blank lines are skipped: a 1.5 MB CSV of one account, over the 1 MB that other bodies may have.
    const csv = `platform,url\n${'\n'.repeat(1_500_000)}feed,https://example.org/big.xml\n`;
    expect((await importRegister(csv, 'text/csv', '?dryRun=true')).json()).toEqual({ added: 1, updated: 0, unchanged: 0, dryRun: true });
    const json = JSON.stringify([{ platform: 'feed', url: 'https://example.org/big.xml', name: 'x'.repeat(1024 * 1024) }]);
    const res = await importRegister(json, 'application/json');
    expect(res.statusCode).toBe(413);
    expect(res.json()).toEqual({
      error: 'the accounts register is larger than 1,048,576 bytes (SLEEPWATCH_MAX_YAML_BYTES); no account was imported',
    });
  });

  it('refuses a register of another media type (415)', async () => {
    const res = await importRegister('platform,url\n', 'text/plain');
    expect(res.statusCode).toBe(415);
    expect(res.json<ErrorBody>().error).toBe(
      'Content-Type text/plain: send the register as text/csv, application/yaml (or text/yaml) or application/json',
    );
  });

  it.each(['csv', 'yaml', 'json'] as const)(
    'exports the register as %s, which imports back with nothing added or changed',
    async (format) => {
      await create({
        platform: 'html',
        url: `https://example.org/news-${format}/`,
        name: 'News, "quoted"\nand broken',
        region: '江苏',
        interval: '90m',
        options: { lastPost: '.news li span.date', posts: '.news li' },
      });
      const res = await send(api.tokens.viewer, 'GET', `/api/accounts/export?format=${format}`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe(
        { csv: 'text/csv', yaml: 'application/yaml', json: 'application/json' }[format] + '; charset=utf-8',
      );
      expect(res.headers['content-disposition']).toMatch(
        new RegExp(`^attachment; filename="sleepwatch-accounts-\\d{4}-\\d\\d-\\d\\d\\.${format}"$`),
      );
      const count = (await listAccounts(api.context.store.db)).length;
      const back = await importRegister(res.body, String(res.headers['content-type']));
      expect(back.json()).toEqual({ added: 0, updated: 0, unchanged: count, dryRun: false });
    },
  );
});
