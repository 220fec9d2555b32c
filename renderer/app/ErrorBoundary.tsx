import { Component, type ReactNode } from 'react';
import { Failure } from '../ui/states';

/** Keeps a crashed or unloadable app from blanking the whole window. Give it a `key` to reset it. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidCatch(error: unknown): void {
    // The name only: a message could carry user data.
    console.error('[renderer] view failed:', error instanceof Error ? error.name : typeof error);
  }

  override render() {
    return this.state.failed ? <Failure error={{ code: 'internal' }} /> : this.props.children;
  }
}
