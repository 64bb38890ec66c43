import type { HashHistory } from '@/lib/spec/store';

/** The location hash of this window, for lib/spec/store. Touches `window` only when called. */
export function browserHashHistory(): HashHistory {
  return {
    read: () => window.location.hash,

    write(hash, mode) {
      const url = `${window.location.pathname}${window.location.search}${hash}`;
      // State `null`, not `history.state`: Next's app router patches pushState/replaceState and,
      // for a state without its own marker, copies its internals in and records the new URL.
      // Handing it its own state skips that, and the router later rewrites the URL without our hash.
      if (mode === 'push') window.history.pushState(null, '', url);
      else window.history.replaceState(null, '', url);
    },

    listen(onNavigate) {
      // Back/forward fires popstate; an edited address bar fires hashchange (often both: the
      // store caches by hash, so a double notification costs nothing).
      window.addEventListener('popstate', onNavigate);
      window.addEventListener('hashchange', onNavigate);
      return () => {
        window.removeEventListener('popstate', onNavigate);
        window.removeEventListener('hashchange', onNavigate);
      };
    },
  };
}
