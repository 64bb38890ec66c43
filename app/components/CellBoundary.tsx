'use client';
import { Component, type ReactNode } from 'react';

interface State {
  error: Error | null;
}

/**
 * Keeps a failure inside the cell that raised it: the rest of the notebook keeps working, and the
 * cell offers a retry (which renders it afresh from the current spec and results).
 */
export class CellBoundary extends Component<{ title: string; children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override render() {
    if (this.state.error) {
      return (
        <div className="msg error" role="alert" data-testid="cell-error">
          This cell failed: {this.state.error.message}{' '}
          <button type="button" onClick={() => this.setState({ error: null })}>
            Retry
          </button>
        </div>
      );
    }
    return this.props.children;
  }
}
