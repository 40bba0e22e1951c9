/** The code that records the datasets, as one archive (`src/publishing/harness-archive.ts`). */
import type { APIRoute } from 'astro';
import { makeHarnessArchive } from '../../publishing/harness-archive.ts';

// `astro build` and `astro dev` run from the project root, where the harness lives.
export const GET: APIRoute = async () => {
  const archive = await makeHarnessArchive(process.cwd());
  const body = archive.buffer.slice(
    archive.byteOffset,
    archive.byteOffset + archive.byteLength,
  ) as ArrayBuffer;
  return new Response(body, { headers: { 'Content-Type': 'application/gzip' } });
};
