/**
 * Who sends the requests: visitors (popularity skewed, as return visitors are), a few heavy users
 * and crawlers from their real address blocks. Built once per run from its own stream, so the
 * same seed always gives the same addresses.
 */
import type { Rng } from '../lib/util/rng';
import { BROWSERS, CRAWLERS, SCRIPTS, publicIpv4 } from './agents';
import { Alias, below, normal, stream } from './rng';
import type { Scenario } from './scenario';
import { token, Tokens, type Token } from './token';

const IPV6_PREFIXES = ['2a02:8108', '2a01:e0a', '2600:1700', '2409:4040', '2a00:23c7'];
/** Share of visitors on IPv6. */
const IPV6_SHARE = 0.06;

function hex16(r: Rng): string {
  return below(r, 65_536).toString(16);
}

function visitorIp(r: Rng): string {
  if (r() < IPV6_SHARE) {
    const p = IPV6_PREFIXES[below(r, IPV6_PREFIXES.length)];
    return `${p}:${hex16(r)}:${hex16(r)}:${hex16(r)}:${hex16(r)}:${hex16(r)}:${hex16(r)}`;
  }
  return publicIpv4(r(), r(), r());
}

/** Addresses and user agents, one group after another in the same arrays. */
export class Population {
  readonly ip: Token[] = [];
  readonly ua: Token[] = [];
  /** whether each client is a crawler (crawlers only fetch `crawl` endpoints) */
  readonly bot: boolean[] = [];
  private readonly visitors: Alias;
  private readonly visitorsFrom: number;
  private readonly heavyFrom: number;
  private readonly heavyCount: number;
  private readonly crawlers: Alias | null;
  private readonly crawlersFrom: number;
  private readonly botShare: number;
  private readonly heavyShare: number;

  constructor(s: Scenario) {
    const r = stream(s.seed, 'clients');
    const c = s.clients;
    const browsers = new Alias(BROWSERS.map((b) => b.weight));
    const seen = new Set<string>();
    const agents = new Tokens();
    const add = (ip: string, ua: string, bot: boolean) => {
      this.ip.push(token(ip));
      this.ua.push(agents.get(ua));
      this.bot.push(bot);
      seen.add(ip);
    };
    const freshIp = (make: () => string) => {
      for (;;) {
        const ip = make();
        if (!seen.has(ip)) return ip;
      }
    };

    this.visitorsFrom = 0;
    const weights: number[] = [];
    for (let i = 0; i < c.ips; i++) {
      add(freshIp(() => visitorIp(r)), BROWSERS[browsers.pick(r())].ua, false);
      weights.push(Math.exp(normal(r)));
    }
    this.visitors = new Alias(weights);

    this.heavyFrom = this.ip.length;
    this.heavyCount = c.heavyUsers;
    for (let i = 0; i < c.heavyUsers; i++) {
      // the first heavy user is an API integration, the others office NATs behind one address
      const ua = i === 0 ? SCRIPTS[below(r, SCRIPTS.length)] : BROWSERS[browsers.pick(r())].ua;
      add(freshIp(() => publicIpv4(r(), r(), r())), ua, false);
    }

    this.crawlersFrom = this.ip.length;
    const crawlerWeights: number[] = [];
    for (const cr of CRAWLERS) {
      for (let k = 0; k < 4; k++) {
        const block = cr.blocks[below(r, cr.blocks.length)];
        add(freshIp(() => `${block}.${1 + below(r, 254)}`), cr.ua, true);
        crawlerWeights.push(cr.weight / 4);
      }
    }
    const hasCrawlable = s.endpoints.some((e) => e.crawl && e.weight > 0);
    this.crawlers = hasCrawlable ? new Alias(crawlerWeights) : null;
    this.botShare = hasCrawlable ? c.botShare : 0;
    this.heavyShare = c.heavyUsers > 0 ? c.heavyShare : 0;
  }

  /** A client index from one uniform draw: its position picks the group (crawler, heavy user, visitor), the rest the member. */
  pick(u: number): number {
    if (u < this.botShare && this.crawlers !== null) return this.crawlersFrom + this.crawlers.pick(u / this.botShare);
    const v = u - this.botShare;
    if (v < this.heavyShare) return this.heavyFrom + Math.min(this.heavyCount - 1, Math.floor((v / this.heavyShare) * this.heavyCount));
    return this.visitorsFrom + this.visitors.pick((v - this.heavyShare) / (1 - this.botShare - this.heavyShare));
  }
}
