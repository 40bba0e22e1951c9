/** Every recorded dataset, served whole at `/data/<id>.json` as the site validated it. */
import type { APIRoute, GetStaticPaths } from 'astro';
import { getCollection } from 'astro:content';
import type { BenchDataset } from '../../bench/schema.ts';
import { serializeDataset } from '../../bench/serialize.ts';

export const getStaticPaths = (async () => {
  const entries = await getCollection('datasets');
  return entries.map((entry) => ({ params: { id: entry.id }, props: { dataset: entry.data } }));
}) satisfies GetStaticPaths;

interface Props {
  dataset: BenchDataset;
}

export const GET: APIRoute<Props> = ({ props }) =>
  new Response(serializeDataset(props.dataset), {
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
  });
