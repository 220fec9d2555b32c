import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  test: {
    include: [
      'main/**/*.test.ts',
      'preload/**/*.test.ts',
      'renderer/**/*.test.{ts,tsx}',
      'scripts/**/*.test.ts',
      'e2e/host/**/*.test.ts',
      'e2e/emulators/**/*.test.ts',
      'e2e/servers/**/*.test.ts',
    ],
    environment: 'node',
    restoreMocks: true,
    testTimeout: 20_000,
  },
});
