import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// type-graphql reads GraphQL types from decorator metadata, which esbuild does
// not emit, so test files are transformed with SWC instead.
export default defineConfig({
  plugins: [
    swc.vite({
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: 'es2022',
      },
    }),
  ],
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    globalSetup: ['test/globalSetup.ts'],
  },
});
