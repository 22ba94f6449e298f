import http from 'node:http';

/**
 * The baseline: a bare node:http server that answers every request with the same bytes and
 * content-type, from memory. Runs in its own process (forked by baseline-server.ts) so it never
 * shares an event loop with autocannon. Protocol over IPC:
 *   parent → { body: base64, contentType }   child → { port }
 * It exits when the parent goes away (IPC disconnect), so it cannot outlive the benchmark.
 */

interface Setup {
  body: string;
  contentType: string;
}

process.on('disconnect', () => process.exit(0));
process.once('message', (message: Setup) => {
  const body = Buffer.from(message.body, 'base64');
  const headers = { 'content-type': message.contentType, 'content-length': String(body.length) };
  const server = http.createServer((_req, res) => {
    res.writeHead(200, headers);
    res.end(body);
  });
  server.keepAliveTimeout = 5_000;
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    if (!address || typeof address === 'string') throw new Error('baseline: no port');
    process.send?.({ port: address.port });
  });
  process.on('SIGTERM', () => server.close(() => process.exit(0)).closeAllConnections());
});
