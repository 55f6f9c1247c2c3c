import net from 'node:net';
import { RequestError, Server } from 'proxy-chain';
import { ForbiddenTargetError } from '../domain/errors.ts';
import { assertHostAllowed, forbiddenAddressReason, guardedLookup, type TargetPolicy } from './fetch-guard.ts';

/** Marks the proxy's own refusals so they are not mistaken for a site's 403. */
export const REFUSED_HEADER = 'x-sleepwatch-refused';

/**
 * A local forward proxy every browser request goes through. Chromium's own request
 * interception does not see server-side redirects, and it resolves names itself; routing
 * the browser through this proxy puts each hop, and each DNS answer, through the guard.
 * With an `upstream` proxy (the platform's access settings) it forwards there; the upstream
 * resolves names then, so each hop's name is resolved through the guard first.
 */
export class GuardProxy {
  private constructor(private readonly server: Server) {}

  static async start(policy: TargetPolicy, upstream?: string): Promise<GuardProxy> {
    const lookup = guardedLookup(policy);
    const server = new Server({
      host: '127.0.0.1',
      port: 0,
      verbose: false,
      prepareRequestFunction: async ({ hostname }) => {
        const host = hostname.replace(/^\[|\]$/g, '');
        const reason = net.isIP(host) ? forbiddenAddressReason(host, policy) : null;
        if (reason) throw new RequestError(`refusing to fetch: ${reason}`, 403, { [REFUSED_HEADER]: '1' });
        if (!upstream) return { dnsLookup: lookup as never };
        try {
          if (!net.isIP(host)) await assertHostAllowed(new URL(`http://${host}`), policy);
        } catch (err) {
          if (err instanceof ForbiddenTargetError) throw new RequestError(err.message, 403, { [REFUSED_HEADER]: '1' });
          throw err;
        }
        return { upstreamProxyUrl: upstream };
      },
    });
    await server.listen();
    return new GuardProxy(server);
  }

  get url(): string {
    return `http://127.0.0.1:${this.server.port}`;
  }

  async close(): Promise<void> {
    await this.server.close(true);
  }
}
