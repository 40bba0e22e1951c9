import { defineConfig } from 'vitest/config';

/**
 * Two runs (see tests/README.md): `unit` (fast, no server; `npm run test:unit`) and
 * `integration` (real servers and processes; `npm run test:integration`).
 */
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['tests/unit/**/*.test.ts'] } },
      { test: { name: 'integration', include: ['tests/integration/**/*.test.ts'] } },
    ],
  },
});
