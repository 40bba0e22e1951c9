/**
 * Downloads the gzipped start-up snapshot and un-gzips it as it streams in. Rejects on an
 * HTTP error or bad data, and the runtime then starts Python without it.
 */
export async function fetchSnapshot(fetchImpl: typeof fetch, url: string): Promise<ArrayBuffer> {
  const response = await fetchImpl(url);
  if (!response.ok || !response.body) throw new Error(`${url} answered HTTP ${response.status}`);
  const unzipped = response.body.pipeThrough(new DecompressionStream('gzip'));
  return new Response(unzipped).arrayBuffer();
}
