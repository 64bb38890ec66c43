'use client';
import { Component, type ReactNode } from 'react';

interface Props {
  /** the cell's title, shown on the failed cell so the user knows which one it was */
  title: string;
  /** controls that must survive the failure (e.g. removing the cell that fails) */
  actions?: ReactNode;
  children: ReactNode;
}

interface State {
  error: Error | null;
}

/**
 * Keeps a failure inside the cell that raised it: the rest of the notebook keeps working, and the
 * cell offers a retry (which renders it afresh from the current spec and results). It must wrap
 * the cell component where the cell is placed, not sit inside the cell's own markup: a boundary
 * catches only what its descendants throw, and the cell's own hooks run above anything it renders.
 */
export class CellBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override render() {
    if (this.state.error) {
      return (
        <section className="cell" aria-label={this.props.title}>
          <header>
            <h2>{this.props.title}</h2>
            {this.props.actions}
          </header>
          <div className="body">
            <div className="msg error" role="alert" data-testid="cell-error">
              This cell failed: {this.state.error.message}{' '}
              <button type="button" onClick={() => this.setState({ error: null })}>
                Retry
              </button>
            </div>
          </div>
        </section>
      );
    }
    return this.props.children;
  }
}
