/** Tasks for pool.test.ts: each does one thing a hostile or broken parser might. Not built into dist. */

/** What arrived, to check the bytes crossed as a Buffer. */
export function describeBytes(bytes: Buffer, label: string) {
  return { label, isBuffer: Buffer.isBuffer(bytes), length: bytes.length, sum: bytes.reduce((a, b) => a + b, 0) };
}

/** Holds on to ever more JavaScript objects (heap, which resourceLimits counts). */
export function allocateForever() {
  const kept: unknown[] = [];
  for (;;) kept.push({ a: kept.length, b: [kept.length, String(kept.length)] });
}

/** Never returns, never yields. */
export function loopForever() {
  let n = 0;
  for (;;) n = (n + 1) % 1_000_003;
}

/** Waits, then says when it started and finished (epoch ms). */
export async function pause(ms: number) {
  const start = performance.timeOrigin + performance.now();
  await new Promise((resolve) => setTimeout(resolve, ms));
  return { start, end: performance.timeOrigin + performance.now() };
}

/** Ends its own thread without answering. */
export function exitAbruptly() {
  process.exit(3);
}

/** Throws, as a buggy parser would. */
export function throwError(): never {
  throw new TypeError('the parser fell over');
}

/** Recurses without end. */
export function recurseForever(n = 0): number {
  return recurseForever(n + 1) + 1;
}

/** A Buffer in the result comes back as a Uint8Array. */
export function makeBytes() {
  return { bytes: Buffer.from('hello') };
}
