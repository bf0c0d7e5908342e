import { defineConfig } from 'vitest/config'

// Browser tests: a real server process and Debian's Chromium. One file at a time, since each
// file starts its own server and browser and the machine may have only two cores.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.test.ts'],
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 120_000,
  },
})
