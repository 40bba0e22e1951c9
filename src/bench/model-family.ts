/**
 * Option variants of the server models: the same worker class run with one option changed
 * (`--http-parser python`, `--reuse-port`, uvicorn's `--loop asyncio --http h11`). A variant
 * behaves as its base model in every bound and label rule; only the scenarios that compare
 * variants record one, so the general sweeps keep one line per model.
 */
import type { ModelId } from './schema.ts';

/** One variant: the model it varies and the option that differs, as the command line says it. */
export interface ModelVariant {
  of: ModelId;
  option: string;
}

/** Every variant and what it changes. */
export const MODEL_VARIANTS: Partial<Record<ModelId, ModelVariant>> = {
  'uvicorn-asyncio-h11': { of: 'uvicorn', option: '--loop asyncio --http h11' },
  'gunicorn-sync-python-parser': { of: 'gunicorn-sync', option: '--http-parser python' },
  'gunicorn-gthread-python-parser': { of: 'gunicorn-gthread', option: '--http-parser python' },
  'gunicorn-gevent-python-parser': { of: 'gunicorn-gevent', option: '--http-parser python' },
  'gunicorn-asgi-python-parser': { of: 'gunicorn-asgi', option: '--http-parser python' },
  'gunicorn-gthread-reuse-port': { of: 'gunicorn-gthread', option: '--reuse-port' },
  'gunicorn-gevent-reuse-port': { of: 'gunicorn-gevent', option: '--reuse-port' },
};

/** The model a variant varies, or the model itself. */
export function toBaseModel(model: ModelId): ModelId {
  return MODEL_VARIANTS[model]?.of ?? model;
}
