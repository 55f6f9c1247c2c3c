import { describe, expect, it } from 'vitest';
import { ForbiddenTargetError } from '../../domain/errors.ts';
import { checkWebhookHost, checkWebhookUrl, type ResolveAll } from './webhook-target.ts';

const strict = { allowPrivateHosts: false };
const permissive = { allowPrivateHosts: true };

/** The refusal's message, or null when the URL passes. */
function refusalOf(url: string, policy = strict): string | null {
  try {
    checkWebhookUrl(url, policy);
    return null;
  } catch (err) {
    expect(err).toBeInstanceOf(ForbiddenTargetError);
    return (err as Error).message;
  }
}

/** A resolver with fixed answers: names the test gives, nothing else resolves. */
function resolver(answers: Record<string, string[]>): ResolveAll {
  return async (host) => {
    const addresses = answers[host];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return addresses;
  };
}

describe('checkWebhookUrl: what a receiver URL must be, before any DNS', () => {
  it('passes public http(s) receivers, keys in the query or path included', () => {
    expect(refusalOf('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6')).toBeNull();
    expect(refusalOf('http://203.0.114.10:8080/hook')).toBeNull();
  });

  it('refuses URLs with credentials, without repeating them', () => {
    const message = refusalOf('https://bot:hunter2-password@hooks.example.org/x');
    expect(message).toContain('user:password');
    expect(message).not.toContain('hunter2');
  });

  it('refuses schemes other than http(s), pointing at mailto: for e-mail', () => {
    for (const url of ['ftp://example.org/hook', 'file:///etc/passwd', 'javascript:alert(1)', 'gopher://example.org/']) {
      expect(refusalOf(url)).toMatch(/cannot receive webhooks.*mailto:/);
    }
    expect(refusalOf('not a url at all')).toContain('not a valid URL');
  });

  it('refuses loopback and private literals without the opt-in, naming the opt-in, and passes them with it', () => {
    for (const url of [
      'http://127.0.0.1:9000/hook',
      'http://10.1.2.3/hook',
      'http://[::1]/hook',
      'http://[::ffff:192.168.1.1]/hook',
      'http://2130706433/hook',
    ]) {
      expect(refusalOf(url)).toMatch(/(loopback|private) address; loopback and private receivers need --allow-private-hosts/);
      expect(refusalOf(url, permissive)).toBeNull();
    }
  });

  it('refuses cloud metadata addresses always, saying that no setting allows them', () => {
    for (const url of ['http://169.254.169.254/latest/meta-data', 'http://100.100.100.200/', 'http://[fd00:ec2::254]/']) {
      for (const policy of [strict, permissive]) {
        const message = refusalOf(url, policy);
        expect(message).toContain('cloud metadata address, refused always');
        expect(message).not.toContain('--allow-private-hosts');
      }
    }
  });
});

describe('checkWebhookHost: the receiver name resolved now, judged as each delivery connection judges it', () => {
  const check = (url: string, answers: Record<string, string[]>, policy = strict) =>
    checkWebhookHost(new URL(url), policy, resolver(answers));

  it('passes a name whose every address is public', async () => {
    expect(
      await check('https://hooks.example.org/x', { 'hooks.example.org': ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'] }),
    ).toBeNull();
  });

  it('refuses a name with any private address unless private receivers are allowed', async () => {
    const answers = { 'bot.intranet.example': ['93.184.216.34', '10.0.0.5'] };
    await expect(check('https://bot.intranet.example/x', answers)).rejects.toThrow(
      /bot\.intranet\.example resolves to 10\.0\.0\.5: 10\.0\.0\.5 is a private address; .*--allow-private-hosts/,
    );
    expect(await check('https://bot.intranet.example/x', answers, permissive)).toBeNull();
  });

  it('refuses a name that resolves to a metadata address always', async () => {
    await expect(check('http://metadata.example/', { 'metadata.example': ['169.254.169.254'] }, permissive)).rejects.toThrow(
      /cloud metadata address, refused always/,
    );
  });

  it('refuses localhost, resolved by the system as deliveries resolve it', async () => {
    await expect(checkWebhookHost(new URL('http://localhost:9000/hook'), strict)).rejects.toThrow(
      /localhost resolves to (127\.0\.0\.1|::1): .*loopback address/,
    );
  });

  it('accepts a name that does not resolve from here, with a warning saying it is checked at every delivery', async () => {
    const warning = await check('https://hooks.unknown.example/x', {});
    expect(warning).toContain('hooks.unknown.example does not resolve from here (ENOTFOUND)');
    expect(warning).toContain('webhooks test');
  });

  it('does not resolve literal addresses (checkWebhookUrl has judged them)', async () => {
    expect(await check('http://93.184.216.34/hook', {})).toBeNull();
  });
});
