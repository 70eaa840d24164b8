import type { Warehouse } from '@servloop/warehouse';

/** Runs a parameterised query and returns JSON rows. */
export async function rows<T>(
  w: Warehouse,
  query: string,
  params: Record<string, unknown> = {},
): Promise<T[]> {
  const result = await w.client.query({ query, query_params: params, format: 'JSONEachRow' });
  return result.json<T>();
}

export const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
