import { Component, type ErrorInfo, type ReactNode } from 'react';

interface ErrorBoundaryProps {
  children: ReactNode;
  /** What failed, for the message ("The playground", "This panel"). */
  scope?: string;
}

interface ErrorBoundaryState {
  error: Error | null;
}

/** Catches a rendering error below it and shows a message with a way back, never a blank page. */
export class ErrorBoundary extends Component<ErrorBoundaryProps, ErrorBoundaryState> {
  state: ErrorBoundaryState = { error: null };

  static getDerivedStateFromError(error: Error): ErrorBoundaryState {
    return { error };
  }

  componentDidCatch(error: Error, info: ErrorInfo): void {
    console.warn('Rendering error caught by the error boundary:', error, info.componentStack);
  }

  private retry = (): void => this.setState({ error: null });

  render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    const scope = this.props.scope ?? 'The playground';
    return (
      <div role="alert" className="error-boundary">
        <h2>{scope} hit an error while drawing.</h2>
        <p className="error-detail">{error.message}</p>
        <p>Your settings are kept. Try again, or reload the page to start fresh.</p>
        <div className="button-row">
          <button type="button" onClick={this.retry}>Try again</button>
          <button type="button" onClick={() => window.location.reload()}>Reload page</button>
        </div>
      </div>
    );
  }
}
