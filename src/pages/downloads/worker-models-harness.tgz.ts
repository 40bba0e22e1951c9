/** The code that records the datasets, as one archive (`src/publishing/harness-archive.ts`). */
import type { APIRoute } from 'astro';
import { makeHarnessArchive } from '../../publishing/harness-archive.ts';

// `astro build` and `astro dev` run from the project root, where the harness lives. The name
// ends in .tgz, not .tar.gz: some servers (astro preview's among them) send a .gz file with
// `Content-Encoding: gzip`, and a browser then saves the unpacked tar under the .gz name.
export const GET: APIRoute = async () => {
  const archive = await makeHarnessArchive(process.cwd());
  const body = archive.buffer.slice(
    archive.byteOffset,
    archive.byteOffset + archive.byteLength,
  ) as ArrayBuffer;
  return new Response(body, { headers: { 'Content-Type': 'application/gzip' } });
};
