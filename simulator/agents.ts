/**
 * User agents and address blocks as they appear in real access logs (early 2024 versions). None
 * contains a double quote, so nginx writes them verbatim.
 */

/** Desktop and mobile browsers with a rough market share. */
export const BROWSERS: readonly { ua: string; weight: number }[] = [
  { ua: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36', weight: 30 },
  { ua: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_3_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3.1 Mobile/15E148 Safari/604.1', weight: 15 },
  { ua: 'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Mobile Safari/537.36', weight: 15 },
  { ua: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36', weight: 12 },
  { ua: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3.1 Safari/605.1.15', weight: 8 },
  { ua: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36 Edg/122.0.2365.66', weight: 7 },
  { ua: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:123.0) Gecko/20100101 Firefox/123.0', weight: 6 },
  { ua: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36', weight: 3 },
  { ua: 'Mozilla/5.0 (X11; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0', weight: 2 },
  { ua: 'Mozilla/5.0 (iPad; CPU OS 17_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Mobile/15E148 Safari/604.1', weight: 2 },
];

/** Crawlers with the /24 blocks they really crawl from. */
export const CRAWLERS: readonly { ua: string; weight: number; blocks: string[] }[] = [
  { ua: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', weight: 40, blocks: ['66.249.66', '66.249.68', '66.249.79'] },
  { ua: 'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)', weight: 20, blocks: ['40.77.167', '157.55.39', '207.46.13'] },
  { ua: 'Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)', weight: 12, blocks: ['54.36.148', '51.222.253'] },
  { ua: 'Mozilla/5.0 (compatible; SemrushBot/7~bl; +http://www.semrush.com/bot.html)', weight: 10, blocks: ['85.208.96', '185.191.171'] },
  { ua: 'Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)', weight: 8, blocks: ['5.255.231', '213.180.203'] },
  {
    ua: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.1.1 Safari/605.1.15 (Applebot/0.1; +http://www.apple.com/go/applebot)',
    weight: 6,
    blocks: ['17.241.75', '17.241.219'],
  },
  { ua: 'DuckDuckBot/1.1; (+http://duckduckgo.com/duckduckbot.html)', weight: 4, blocks: ['20.191.45'] },
];

/** HTTP libraries: API integrations and scripts (heavy users). */
export const SCRIPTS: readonly string[] = ['python-requests/2.31.0', 'okhttp/4.12.0', 'Go-http-client/2.0', 'axios/1.6.7', 'curl/8.5.0'];

/** What vulnerability scanners announce themselves as. */
export const SCANNERS: readonly string[] = [
  'Mozilla/5.0 zgrab/0.x',
  'Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)',
  'python-requests/2.25.1',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/81.0.4044.129 Safari/537.36',
  'curl/7.68.0',
];

/** What flooding bots send: stale browser strings and bare HTTP clients. */
export const FLOODERS: readonly string[] = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/91.0.4472.124 Safari/537.36',
  'Go-http-client/1.1',
  'Mozilla/5.0 (Windows NT 6.1; Win64; x64; rv:47.0) Gecko/20100101 Firefox/47.0',
];

/** Default paths probed by scanners (none exists on the simulated site). */
export const SCANNER_PATHS: readonly string[] = [
  '/wp-login.php',
  '/.env',
  '/xmlrpc.php',
  '/wp-admin/setup-config.php',
  '/phpmyadmin/index.php',
  '/.git/config',
  '/admin/config.php',
  '/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php',
  '/cgi-bin/luci/;stok=/locale',
  '/boaform/admin/formLogin',
  '/actuator/health',
  '/server-status',
];

/** User names brute-force tools try, most common first (root exists, the rest do not). */
export const ATTACK_USERS: readonly string[] = [
  'root', 'admin', 'test', 'user', 'ubuntu', 'oracle', 'postgres', 'git', 'ftpuser', 'guest', 'support', 'pi', 'mysql', 'hadoop', 'dev',
];

/** First octets that are never private, loopback, CGNAT, link-local or documentation blocks. */
const PUBLIC_FIRST: readonly number[] = Array.from({ length: 223 }, (_, i) => i + 1).filter(
  (o) => ![10, 100, 127, 169, 172, 192, 198, 203].includes(o),
);

/** A public-looking IPv4 address from three uniform draws. */
export function publicIpv4(u1: number, u2: number, u3: number): string {
  const a = PUBLIC_FIRST[Math.floor(u1 * PUBLIC_FIRST.length)];
  const bc = Math.floor(u2 * 65_536);
  return `${a}.${bc >> 8}.${bc & 255}.${1 + Math.floor(u3 * 254)}`;
}
