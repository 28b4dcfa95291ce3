import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'functions',
          root: './functions',
          include: ['test/**/*.test.ts'],
          // Tests that spawn the real function wait for Node and the framework to start.
          testTimeout: 30_000,
        },
      },
    ],
  },
});
