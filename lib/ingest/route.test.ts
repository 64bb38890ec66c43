import { describe, expect, it } from 'vitest';
import { isIdSegment, templateRoute } from './route';

describe('templateRoute', () => {
  it.each([
    ['/api/users/42', '/api/users/:id'],
    ['/api/users/42?expand=1&x=2', '/api/users/:id'],
    ['/orders/9f1c2e3a-4b5d-4c6e-8f70-1a2b3c4d5e6f', '/orders/:id'],
    ['/orders/9F1C2E3A-4B5D-4C6E-8F70-1A2B3C4D5E6F/items', '/orders/:id/items'],
    ['/blobs/a1b2c3d4', '/blobs/:id'],
    ['/blobs/a1b2c3d', '/blobs/a1b2c3d'], // 7 hex chars: too short
    ['/words/deadbeef', '/words/deadbeef'], // hex letters but no digit: a word
    ['/img/12345.png', '/img/12345.png'], // static file names stay
    ['/static/app.3f2a9b1c.js', '/static/app.3f2a9b1c.js'],
    ['/v1/users/7/orders/8', '/v1/users/:id/orders/:id'],
    ['/2015/05/post', '/:id/:id/post'],
    ['/', '/'],
    ['', ''],
    ['/trailing/12/', '/trailing/:id/'],
    ['/page#12', '/page'],
    ['*', '*'],
  ])('%s → %s', (path, route) => {
    expect(templateRoute(path)).toBe(route);
    expect(templateRoute(path)).toBe(route); // second call comes from the cache
  });

  it('recognises id segments inside a longer string', () => {
    const s = 'x/123/y';
    expect(isIdSegment(s, 2, 5)).toBe(true);
    expect(isIdSegment(s, 0, 1)).toBe(false);
    expect(isIdSegment(s, 2, 2)).toBe(false);
  });
});
