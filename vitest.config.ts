import { defineConfig } from 'vitest/config';

/** One project a suite; the rigs they share are the @sentiment/testkit workspace. */
const BUILD_WEB = ['../testkit/src/build-web.ts'];
/** The knative tests that start the UI. */
const ROUTED = ['test/load.test.ts', 'test/throttle-route.test.ts'];

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
        // The training and evaluation tools, and the shipped model's acceptance tests.
        test: { name: 'lab', root: './lab', include: ['test/**/*.test.ts'], testTimeout: 30_000 },
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
          globalSetup: BUILD_WEB,
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        // The manifests and the cluster scripts, recorded (no cluster needed).
        test: {
          name: 'knative',
          root: './knative',
          include: ['test/**/*.test.ts'],
          exclude: [...ROUTED, 'test/images.test.ts'],
          // Each test runs a script in a fresh Node, some loading the Kubernetes client (~0.6 s
          // of CPU): vitest's 5 s default was missed twice under a full parallel npm test.
          testTimeout: 20_000,
        },
      },
      {
        // The tools users run against a deployment, and web.yaml's env, through a stand-in for
        // Kourier in front of the built UI: one UI build, files one after another.
        test: {
          name: 'routes',
          root: './knative',
          include: ROUTED,
          globalSetup: BUILD_WEB,
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
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
