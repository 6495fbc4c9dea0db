import { defineConfig } from 'vitest/config'

// Unit tests run in Node: core is pure, workspace runs on fake-indexeddb, main's policy is plain functions.
export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks'
  }
})
