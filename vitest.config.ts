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
      {
        test: { name: 'web', root: './web', include: ['test/**/*.test.ts'] },
      },
      {
        // The built UI, the real API and Chromium: one browser, files one after another.
        test: {
          name: 'e2e',
          root: './web',
          include: ['e2e/**/*.test.ts'],
          globalSetup: ['e2e/build.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        // Checks of the manifests and the cluster scripts (no cluster needed).
        test: {
          name: 'knative',
          root: './knative',
          include: ['test/**/*.test.ts'],
          exclude: ['test/images.test.ts'],
        },
      },
      {
        // Dockerfile.fn and Dockerfile.web built and run with podman: `npm run test:images`, as root.
        test: {
          name: 'images',
          root: './knative',
          include: ['test/images.test.ts'],
          testTimeout: 120_000,
        },
      },
    ],
  },
});
