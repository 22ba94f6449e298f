/**
 * The shapes of the JSON API's answers that tests read. Fastify's inject types res.json() as any; a test
 * names the shape once, res.json<ApiError>(), so the type checker and the lint rules see what is read.
 */
export interface ApiError {
  error: { status: number; message: string };
  current?: Record<string, unknown>;
}

export interface Created {
  id: string;
}
