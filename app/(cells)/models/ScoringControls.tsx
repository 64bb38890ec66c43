'use client';
import { useState } from 'react';
import { NumberField } from '@/app/components/NumberField';
import type { UseSpec } from '@/app/hooks/useSpec';
import { POST_KINDS, type PostKind } from '@/lib/detectors/postprocess';
import { parseIsoTime } from '@/lib/metrics/split';
import type { ExperimentSpec } from '@/lib/spec/schema';

const POST_LABELS: Record<PostKind, string> = {
  none: 'raw scores',
  likelihood: 'anomaly likelihood (Ahmad et al. 2017)',
  'likelihood+extreme': 'anomaly likelihood + new extremes',
};

type Post = ExperimentSpec['models']['post'];

/** How raw scores are post-processed (causal) before thresholds, and where the test span starts. */
export function ScoringControls({ spec, setSpec }: { spec: ExperimentSpec; setSpec: UseSpec['setSpec'] }) {
  const [problem, setProblem] = useState<string | null>(null);
  const post = spec.models.post;
  const setPost = (patch: Partial<Post>) => {
    const err = setSpec((s) => ({ ...s, models: { ...s.models, thresholds: {}, post: { ...s.models.post, ...patch } } }));
    setProblem(err ? err.message : null);
  };
  return (
    <div className="form-grid">
      <label className="field" title="Every step reads only windows at or before the one it scores">
        Scores
        <select value={post.kind} onChange={(e) => setPost({ kind: e.target.value as PostKind })} aria-label="Score post-processing">
          {POST_KINDS.map((k) => (
            <option key={k} value={k}>
              {POST_LABELS[k]}
            </option>
          ))}
        </select>
      </label>
      {post.kind !== 'none' ? (
        <>
          <span title="raw scores averaged into the short-term mean">
            <NumberField label="short window" value={post.shortWindow} min={1} max={1000} integer onCommit={(v) => setPost({ shortWindow: v })} width={5} />
          </span>
          <span title="raw scores the rolling Gaussian is fitted to">
            <NumberField label="long window" value={post.longWindow} min={10} max={100_000} integer onCommit={(v) => setPost({ longWindow: v })} width={6} />
          </span>
        </>
      ) : null}
      {post.kind === 'likelihood+extreme' ? (
        <span title="how far past the range seen so far a feature must go, as a share of that range">
          <NumberField label="extreme margin" value={post.margin} min={0} max={10} step={0.01} onCommit={(v) => setPost({ margin: v })} width={5} />
        </span>
      ) : null}
      <SplitAt spec={spec} setSpec={setSpec} />
      {problem ? (
        <p className="msg error" role="alert">
          {problem}
        </p>
      ) : null}
    </div>
  );
}

/** The test span's start as a UTC time; empty = the "Train on first" share. */
function SplitAt({ spec, setSpec }: { spec: ExperimentSpec; setSpec: UseSpec['setSpec'] }) {
  const value = spec.models.splitAt;
  const shownText = value === null ? '' : new Date(value).toISOString();
  const [text, setText] = useState(shownText);
  const [shown, setShown] = useState(value);
  const [problem, setProblem] = useState<string | null>(null);
  if (shown !== value) {
    setShown(value);
    setText(shownText);
    setProblem(null);
  }
  const commit = () => {
    if (text.trim() === '') {
      setProblem(null);
      if (value !== null) setSpec((s) => ({ ...s, models: { ...s.models, splitAt: null } }));
      return;
    }
    const ms = parseIsoTime(text);
    if (Number.isNaN(ms)) {
      setProblem('split at: an ISO 8601 time with a zone, e.g. 2026-01-05T12:00:00Z (empty: train on the share above)');
      return;
    }
    setProblem(null);
    if (ms !== value) setSpec((s) => ({ ...s, models: { ...s.models, splitAt: ms } }));
  };
  return (
    <label className="field" title="The test span starts at this time (UTC); it does not move when data is appended">
      Split at (UTC)
      <input value={text} size={24} placeholder="share above" onChange={(e) => setText(e.target.value)} onBlur={commit} onKeyDown={(e) => e.key === 'Enter' && commit()} aria-invalid={problem !== null} />
      {problem ? (
        <span className="msg error small" role="alert">
          {problem}
        </span>
      ) : null}
    </label>
  );
}
