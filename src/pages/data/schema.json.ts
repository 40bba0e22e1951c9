/**
 * The JSON Schema every dataset follows (`bench-data/schema.json`), served at
 * `/data/schema.json` beside the datasets, where the chapters point.
 */
import type { APIRoute } from 'astro';
import { renderJsonSchema } from '../../bench/json-schema.ts';

export const GET: APIRoute = () =>
  new Response(renderJsonSchema(), {
    headers: { 'Content-Type': 'application/schema+json; charset=utf-8' },
  });
