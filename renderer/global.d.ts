import type { BastideApi } from '../preload/contract';

declare global {
  interface Window {
    readonly bastide: BastideApi;
  }
}

export {};
