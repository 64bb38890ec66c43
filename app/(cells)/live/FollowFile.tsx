'use client';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Engine } from '@/app/clients/engine';
import { startLive, type LiveClient } from '@/app/clients/live';
import type { Evaluation } from '@/app/hooks/useEvaluation';
import { addWindow, type LiveHistory } from '@/app/hooks/useLive';
import type { LiveEvent } from '@/lib/live/contract';
import type { FollowUpdate } from '@/lib/live/follow-session';
import type { Change } from '@/lib/live/follow-file';
import type { ExperimentSpec } from '@/lib/spec/schema';
import { bundleInputOf } from '@/lib/live/bundle';
import { assertNever } from '@/lib/util/assert-never';
import { Replayed } from './Replayed';

/** How often a followed file is looked at, ms. */
const POLL_MS = 1000;
/** A window closes once a record this long past its end has been read (late lines are counted, not lost), ms. */
const GRACE_MS = 30_000;
const FEED_CAP = 500;

type Picker = (o?: { multiple?: boolean }) => Promise<FileSystemFileHandle[]>;
const picker = (): Picker | null => (typeof window !== 'undefined' && 'showOpenFilePicker' in window ? (window as unknown as { showOpenFilePicker: Picker }).showOpenFilePicker : null);

function changeNote(c: Change, name: string): string | null {
  switch (c.kind) {
    case 'same':
    case 'grown':
      return null;
    case 'truncated':
      return `${name} was truncated (${c.was.toLocaleString('en-US')} → ${c.now.toLocaleString('en-US')} bytes): read again from its start.`;
    case 'replaced':
      return `${name} was replaced (rotated, or a new file under its name: its first bytes changed): read again from its start.`;
    default:
      return assertNever(c);
  }
}

interface Props {
  spec: ExperimentSpec;
  engine: Engine;
  result: NonNullable<Evaluation['result']>;
  onEvents: (events: LiveEvent[]) => void;
  spanMs: number;
}

/**
 * Follows a log file that grows on disk, scored by the trained run's bundle: with the File System
 * Access API the file is looked at every second and only the bytes it gained are read; elsewhere
 * the user picks the file again to read what was added.
 */
export function FollowFile({ spec, engine, result, onEvents, spanMs }: Props) {
  const client = useRef<LiveClient | null>(null);
  const session = useRef(0);
  const [name, setName] = useState<string | null>(null);
  const [history, setHistory] = useState<LiveHistory | null>(null);
  const [last, setLast] = useState<FollowUpdate | null>(null);
  const [notes, setNotes] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<number | null>(null);
  const [version, setVersion] = useState(0);
  const [handle, setHandle] = useState<FileSystemFileHandle | null>(null);
  const canFollow = picker() !== null;

  const stop = useCallback(() => {
    session.current++;
    setHandle(null);
  }, []);
  // a new run (retrain, new data, a threshold moved) stops following: the bundle changed
  useEffect(() => stop, [result, stop]);
  useEffect(
    () => () => {
      client.current?.dispose();
      client.current = null;
    },
    [],
  );

  const apply = useCallback(
    (h: LiveHistory, u: FollowUpdate, file: string) => {
      for (const w of u.windows) addWindow(h, w);
      for (const e of u.events) h.feed.unshift(e);
      if (h.feed.length > FEED_CAP) h.dropped += h.feed.splice(FEED_CAP).length;
      if (u.events.length > 0) onEvents(u.events);
      const note = changeNote(u.change, file);
      if (note) setNotes((n) => [...n.slice(-4), note]);
      setLast(u);
      setVersion((v) => v + 1);
    },
    [onEvents],
  );

  /** Builds the scorer in a live worker of its own; resolves with the history to fill, or null. */
  const begin = useCallback(
    async (file: string): Promise<{ id: number; h: LiveHistory } | null> => {
      const id = ++session.current;
      setError(null);
      setNotes([]);
      setLast(null);
      setName(file);
      setSelected(null);
      const { run, frame } = result;
      const fs = await engine.featureState(run.context.config.windowSec, [...frame.features], frame.fitUntilMs ?? run.splitTime);
      if (session.current !== id) return null;
      if (!fs.ok) return setError(`feature baselines: ${fs.error.message}`), null;
      const c = (client.current ??= startLive());
      const parse = spec.source.kind === 'upload' ? spec.source.parse : { format: 'auto' as const };
      const r = await c.follow(
        { bundle: bundleInputOf(spec, run, frame, fs.value), parse, graceMs: GRACE_MS },
        file,
      );
      if (session.current !== id) return null;
      if (!r.ok) return setError(r.error.message), null;
      const h: LiveHistory = { path: 'stream', detectors: r.value, starts: [], scores: r.value.map(() => []), fired: r.value.map(() => []), firing: r.value.map(() => false), warmup: 0, feed: [], dropped: 0 };
      setHistory(h);
      return { id, h };
    },
    [engine, result, spec],
  );

  const look = useCallback(
    async (id: number, h: LiveHistory, file: File) => {
      const r = await client.current!.look(file);
      if (session.current !== id) return false;
      if (!r.ok) {
        setError(r.error.message);
        return false;
      }
      apply(h, r.value, file.name);
      return true;
    },
    [apply],
  );

  // the File System Access path: look every POLL_MS while following
  useEffect(() => {
    if (!handle || !history) return;
    const id = session.current;
    let timer: number | null = null;
    const tick = async () => {
      try {
        const ok = await look(id, history, await handle.getFile());
        if (ok && session.current === id) timer = window.setTimeout(() => void tick(), POLL_MS);
      } catch (e) {
        if (session.current === id) setError(`${handle.name} can no longer be read (${(e as Error).message}): pick it again to go on.`);
      }
    };
    void tick();
    return () => {
      if (timer !== null) clearTimeout(timer);
    };
  }, [handle, history, look]);

  const pickHandle = async () => {
    const pick = picker();
    if (!pick) return;
    let handles: FileSystemFileHandle[];
    try {
      handles = await pick({ multiple: false });
    } catch {
      return; // the user closed the picker
    }
    const f = handles[0];
    if (!f) return;
    setHandle(null);
    const started = await begin(f.name);
    if (started) setHandle(f);
  };

  // elsewhere: each pick of the same file reads what it gained since the last pick
  const picked = async (file: File | undefined) => {
    if (!file) return;
    let h = history;
    let id = session.current;
    if (!h || name !== file.name) {
      const started = await begin(file.name);
      if (!started) return;
      ({ h, id } = started);
    }
    await look(id, h, file);
  };

  const following = handle !== null;
  return (
    <div className="panel" style={{ marginTop: 12 }} data-testid="follow-file">
      <h3>Follow a file</h3>
      <p className="small muted">
        Scores a log file that is still being written with the trained models (the same bundle the Report cell downloads): only the bytes added since the last look are read and
        parsed, and a window closes once a line {GRACE_MS / 1000} s past its end has been read (later lines for it are counted as late). The file is read in this tab only.
      </p>
      <div className="row">
        {canFollow ? (
          <>
            <button type="button" onClick={() => void pickHandle()}>
              Follow a file…
            </button>
            {following ? (
              <button type="button" onClick={stop}>
                Stop following
              </button>
            ) : null}
          </>
        ) : (
          <label className="small">
            This browser cannot watch a file on disk: pick the file, and pick it again to read what was added.{' '}
            <input type="file" aria-label="Pick the file to follow" onChange={(e) => void picked(e.target.files?.[0])} />
          </label>
        )}
      </div>
      {error ? (
        <p className="msg error" role="alert">
          {error}
        </p>
      ) : null}
      {notes.map((n, i) => (
        <p key={i} className="msg warn small" role="status">
          {n}
        </p>
      ))}
      {name && last ? (
        <p className="small" data-testid="follow-status" data-lines={last.counts.lines} data-windows={history?.starts.length ?? 0}>
          {following ? 'Following' : 'Read'} {name}: {last.counts.lines.toLocaleString('en-US')} lines ({last.counts.parsed.toLocaleString('en-US')} parsed,{' '}
          {last.counts.rejected.toLocaleString('en-US')} rejected, {last.counts.warned.toLocaleString('en-US')} with warnings), {(history?.starts.length ?? 0).toLocaleString('en-US')} windows
          scored
          {last.clockMs !== null ? `, data up to ${new Date(last.clockMs).toISOString().slice(0, 19).replace('T', ' ')} UTC` : ''}
          {last.behind > 0 ? `, ${last.behind.toLocaleString('en-US')} bytes still to read` : ''}
          {Object.values(last.late).some((n) => n > 0) ? `, late records: ${Object.entries(last.late).filter(([, n]) => n > 0).map(([t, n]) => `${n} ${t}`).join(', ')}` : ''}.
          {last.issues.length > 0 ? ` Last rejected line: line ${last.issues[last.issues.length - 1].line}: ${last.issues[last.issues.length - 1].reason}.` : ''}
        </p>
      ) : null}
      {history?.detectors && last?.clockMs != null ? (
        <Replayed history={history} version={version} clockMs={last.clockMs} spanMs={spanMs} windowMs={result.run.context.config.windowSec * 1000} bands={[]} selected={selected} onPick={setSelected} testId="follow" />
      ) : null}
    </div>
  );
}
