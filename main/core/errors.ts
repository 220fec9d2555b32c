import type { ErrorInfo } from './model';

/** An expected failure with a translatable code (a key under `errors.` in the renderer's resources). */
export class CoreError extends Error {
  constructor(
    readonly code: string,
    readonly params?: Record<string, string | number>,
  ) {
    super(code);
    this.name = 'CoreError';
  }

  toInfo(): ErrorInfo {
    return this.params ? { code: this.code, params: this.params } : { code: this.code };
  }
}
