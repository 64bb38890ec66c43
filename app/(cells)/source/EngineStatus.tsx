'use client';
import type { EngineHealth } from '@/app/clients/engine';

interface Props {
  health: EngineHealth;
  onRestart: () => void;
  /** files were dropped before the engine was ready */
  waiting: boolean;
  /** what a restart reloads: "re-simulated from the link", "read again from your files" */
  reload: string | null;
}

/**
 * What the data engine is doing when that is not "working": starting, restarting, failed to
 * start, crashed, or silent for a while. Every failure offers "Restart the engine".
 */
export function EngineStatus({ health, onRestart, waiting, reload }: Props) {
  const restart = (
    <button type="button" className="primary" onClick={onRestart}>
      Restart the engine
    </button>
  );
  const reloads = reload ? ` Restarting reloads the data (${reload}).` : '';
  switch (health.state) {
    case 'ready':
      return null;
    case 'starting':
      return (
        <p className="msg info" role="status" data-testid="engine-status" data-state="starting">
          {health.generation > 1 ? 'Restarting the data engine' : 'Starting the data engine'}
          {waiting ? '; your files will load as soon as it is ready' : ''}…
        </p>
      );
    case 'unresponsive':
      return (
        <div className="msg warn" role="alert" data-testid="engine-status" data-state="unresponsive">
          The data engine has not answered for more than {Math.floor(health.silentMs / 1000)} s: it may be busy with a long query or load, or it has stopped.
          {reloads} {restart}
        </div>
      );
    case 'failed':
      return (
        <div className="msg error" role="alert" data-testid="engine-status" data-state="failed" data-cause={health.cause}>
          {health.cause === 'crash' ? `The data engine crashed: ${health.message}.${reloads}` : health.cause === 'start' ? `The data engine could not start: ${health.message}` : health.message}{' '}
          {restart}
        </div>
      );
  }
}
