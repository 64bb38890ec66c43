'use client';
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import type { LiveEvent } from '@/lib/live/contract';

/** At most one browser notification per this much wall time; alerts meanwhile are summed into the next. */
const NOTIFY_EVERY_MS = 10_000;

type Permission = 'unsupported' | NotificationPermission;

const permissionNow = (): Permission => (typeof Notification === 'undefined' ? 'unsupported' : Notification.permission);

/**
 * Browser notifications for the replay's alerts, off until the user turns them on: permission is
 * asked only from the button's click (browsers ignore or penalise a prompt nobody asked for).
 */
export function useNotifications(): { show: (events: LiveEvent[]) => void; control: ReactNode } {
  const [permission, setPermission] = useState<Permission>('default');
  const [enabled, setEnabled] = useState(false);
  const on = useRef(false);
  const last = useRef(-Infinity);
  const waiting = useRef(0);
  useEffect(() => {
    // read after mount: the server render has no Notification
    setPermission(permissionNow());
  }, []);
  useEffect(() => {
    on.current = enabled && permission === 'granted';
  }, [enabled, permission]);

  const show = useCallback((events: LiveEvent[]) => {
    const alerts = events.filter((e) => e.kind !== 'recovery');
    if (!on.current || alerts.length === 0) return;
    waiting.current += alerts.length;
    const now = performance.now();
    if (now - last.current < NOTIFY_EVERY_MS) return;
    last.current = now;
    const e = alerts[alerts.length - 1];
    const more = waiting.current - 1;
    waiting.current = 0;
    try {
      new Notification(`Harbinger: ${e.kind} from ${e.detector}`, {
        body: `window ${e.window_start.slice(0, 16).replace('T', ' ')} UTC, score ${e.score.toPrecision(3)} ≥ ${e.threshold.toPrecision(3)}${more > 0 ? ` (and ${more} more alert${more === 1 ? '' : 's'})` : ''}`,
        tag: 'harbinger-live',
      });
    } catch {
      // some browsers (Chrome on Android) only notify through a service worker: the in-page feed still has every alert
      on.current = false;
    }
  }, []);

  const ask = async () => {
    const p = await Notification.requestPermission();
    setPermission(p);
    setEnabled(p === 'granted');
  };

  let control: ReactNode;
  if (permission === 'unsupported') control = <span className="small muted">This browser has no notifications.</span>;
  else if (permission === 'denied') control = <span className="small muted">Notifications are blocked for this page in the browser&apos;s settings.</span>;
  else if (permission === 'granted' && enabled)
    control = (
      <button type="button" onClick={() => setEnabled(false)}>
        Stop notifications
      </button>
    );
  else
    control = (
      <button type="button" onClick={() => (permission === 'granted' ? setEnabled(true) : void ask())}>
        Notify me of alerts
      </button>
    );
  return { show, control };
}
