import compress from '@fastify/compress';
import fp from 'fastify-plugin';
import zlib from 'node:zlib';

/** Below this, compressing saves too little to be worth it. */
const THRESHOLD_BYTES = 1024;
/** Bodies up to this size (every page and JSON answer) are compressed in one call on the main thread. */
const IN_MEMORY_LIMIT_BYTES = 512 * 1024;
const COMPRESSIBLE = /^(text\/|application\/(json|javascript|xml|[a-z.+-]*\+(json|xml))|image\/svg\+xml)/;

const brotliParams = (size: number) => ({
  params: {
    [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
    [zlib.constants.BROTLI_PARAM_QUALITY]: 4,
    // Pages are tens of kilobytes: a 256 KB window does as well as the default 4 MB one, in less memory.
    [zlib.constants.BROTLI_PARAM_LGWIN]: 18,
    [zlib.constants.BROTLI_PARAM_SIZE_HINT]: size,
  },
});

function chooseEncoding(header: string | undefined): 'br' | 'gzip' | undefined {
  if (!header) return undefined;
  const accepted = new Map<string, number>();
  for (const part of header.toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    if (name) accepted.set(name.trim(), q === undefined ? 1 : Number(q));
  }
  const weight = (name: string) => accepted.get(name) ?? accepted.get('*') ?? 0;
  if (weight('br') > 0) return 'br';
  if (weight('gzip') > 0) return 'gzip';
  return undefined;
}

/**
 * Response compression. Pages and JSON, which are strings or buffers in memory, are compressed
 * synchronously in one call: cheaper than a stream, and it keeps compression's working memory on the
 * main thread (streamed compression runs on libuv's thread pool, where each thread's allocator arena
 * kept hundreds of megabytes resident under load). Files (static assets, exports sent as streams) go
 * through @fastify/compress.
 */
export default fp(
  async (app) => {
    app.addHook('onSend', async (request, reply, payload) => {
      if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
      if (reply.hasHeader('content-encoding') || request.headers['x-no-compression'] !== undefined) return payload;
      const type = String(reply.getHeader('content-type') ?? '');
      const size = typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length;
      if (!COMPRESSIBLE.test(type) || size < THRESHOLD_BYTES || size > IN_MEMORY_LIMIT_BYTES) return payload;
      reply.header('vary', 'accept-encoding');
      const encoding = chooseEncoding(request.headers['accept-encoding']);
      if (!encoding) return payload;
      const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
      const compressed =
        encoding === 'br' ? zlib.brotliCompressSync(body, brotliParams(size)) : zlib.gzipSync(body, { level: 6 });
      reply.header('content-encoding', encoding);
      reply.removeHeader('content-length');
      return compressed;
    });
    await app.register(compress, { global: false, threshold: THRESHOLD_BYTES, encodings: ['br', 'gzip'] });
  },
  { name: 'compression' },
);
