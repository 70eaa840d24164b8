// CityHash128 v1.0.2 — the checksum of ClickHouse's compressed blocks (`compress=1` on HTTP, the
// native protocol, the files of MergeTree parts). ClickHouse keeps this old version of CityHash
// (contrib/cityhash102) because later versions changed the results; no npm package implements it
// (only CityHash64), so this is a transcription of CityHash_v1_0_2::CityHash128 from that file,
// with BigInt for the 64-bit arithmetic. Checked by the clients that verify it: the official JDBC
// driver refuses a response block whose checksum differs, and writes the request blocks the
// endpoint verifies (query-endpoint.integration.test.ts, test/e2e/jdbc.e2e.test.ts).

const M = 0xffffffffffffffffn;
const k0 = 0xc3a5c85c97cb3127n;
const k1 = 0xb492b66fbe98f273n;
const k2 = 0x9ae16a3b2f90404fn;
const k3 = 0xc949d7c7509e6557n;
const kMul = 0x9ddfea08eb382d69n;

const mul = (a: bigint, b: bigint) => (a * b) & M;
const add = (a: bigint, b: bigint) => (a + b) & M;
const sub = (a: bigint, b: bigint) => (a - b) & M;
const rotate = (v: bigint, shift: number) =>
  shift === 0 ? v : ((v >> BigInt(shift)) | (v << BigInt(64 - shift))) & M;
const shiftMix = (v: bigint) => v ^ (v >> 47n);

function hashLen16(u: bigint, v: bigint): bigint {
  let a = mul(u ^ v, kMul);
  a ^= a >> 47n;
  let b = mul(v ^ a, kMul);
  b ^= b >> 47n;
  return mul(b, kMul);
}

class Bytes {
  constructor(private readonly buf: Buffer) {}
  u64(at: number): bigint {
    return this.buf.readBigUInt64LE(at);
  }
  u32(at: number): bigint {
    return BigInt(this.buf.readUInt32LE(at));
  }
  u8(at: number): bigint {
    return BigInt(this.buf[at]!);
  }
}

function hashLen0to16(s: Bytes, at: number, len: number): bigint {
  const n = BigInt(len);
  if (len > 8) {
    const a = s.u64(at);
    const b = s.u64(at + len - 8);
    return hashLen16(a, rotate(add(b, n), len)) ^ b;
  }
  if (len >= 4) {
    const a = s.u32(at);
    return hashLen16(add(n, a << 3n), s.u32(at + len - 4));
  }
  if (len > 0) {
    const a = s.u8(at);
    const b = s.u8(at + (len >> 1));
    const c = s.u8(at + len - 1);
    const y = (a + (b << 8n)) & 0xffffffffn;
    const z = (n + (c << 2n)) & 0xffffffffn;
    return mul(shiftMix(mul(y, k2) ^ mul(z, k3)), k2);
  }
  return k2;
}

type Pair = [bigint, bigint];

function weakHashLen32WithSeeds(s: Bytes, at: number, a0: bigint, b0: bigint): Pair {
  const w = s.u64(at);
  const x = s.u64(at + 8);
  const y = s.u64(at + 16);
  const z = s.u64(at + 24);
  let a = add(a0, w);
  let b = rotate(add(add(b0, a), z), 21);
  const c = a;
  a = add(add(a, x), y);
  b = add(b, rotate(a, 44));
  return [add(a, z), add(b, c)];
}

function cityMurmur(s: Bytes, at: number, len: number, seedLow: bigint, seedHigh: bigint): Pair {
  let a = seedLow;
  let b = seedHigh;
  let c: bigint;
  let d: bigint;
  let l = len - 16;
  if (l <= 0) {
    a = mul(shiftMix(mul(a, k1)), k1);
    c = add(mul(b, k1), hashLen0to16(s, at, len));
    d = shiftMix(add(a, len >= 8 ? s.u64(at) : c));
  } else {
    c = hashLen16(add(s.u64(at + len - 8), k1), a);
    d = hashLen16(add(b, BigInt(len)), add(c, s.u64(at + len - 16)));
    a = add(a, d);
    let p = at;
    do {
      a ^= mul(shiftMix(mul(s.u64(p), k1)), k1);
      a = mul(a, k1);
      b ^= a;
      c ^= mul(shiftMix(mul(s.u64(p + 8), k1)), k1);
      c = mul(c, k1);
      d ^= c;
      p += 16;
      l -= 16;
    } while (l > 0);
  }
  a = hashLen16(a, c);
  b = hashLen16(d, b);
  return [a ^ b, hashLen16(b, a)];
}

function cityHash128WithSeed(
  s: Bytes,
  start: number,
  length: number,
  seedLow: bigint,
  seedHigh: bigint,
): Pair {
  if (length < 128) return cityMurmur(s, start, length, seedLow, seedHigh);
  let len = length;
  let p = start;
  let x = seedLow;
  let y = seedHigh;
  let z = mul(BigInt(len), k1);
  const v: Pair = [0n, 0n];
  const w: Pair = [0n, 0n];
  v[0] = add(mul(rotate(y ^ k1, 49), k1), s.u64(p));
  v[1] = add(mul(rotate(v[0], 42), k1), s.u64(p + 8));
  w[0] = add(mul(rotate(add(y, z), 35), k1), x);
  w[1] = mul(rotate(add(x, s.u64(p + 88)), 53), k1);
  const round = () => {
    x = mul(rotate(add(add(add(x, y), v[0]), s.u64(p + 16)), 37), k1);
    y = mul(rotate(add(add(y, v[1]), s.u64(p + 48)), 42), k1);
    x ^= w[1];
    y ^= v[0];
    z = rotate(z ^ w[0], 33);
    const nv = weakHashLen32WithSeeds(s, p, mul(v[1], k1), add(x, w[0]));
    const nw = weakHashLen32WithSeeds(s, p + 32, add(z, w[1]), y);
    [v[0], v[1]] = nv;
    [w[0], w[1]] = nw;
    [z, x] = [x, z];
    p += 64;
  };
  do {
    round();
    round();
    len -= 128;
  } while (len >= 128);
  y = add(y, add(mul(rotate(w[0], 37), k0), z));
  x = add(x, mul(rotate(add(v[0], z), 49), k0));
  for (let tailDone = 0; tailDone < len; ) {
    tailDone += 32;
    y = add(mul(rotate(sub(y, x), 42), k0), v[1]);
    w[0] = add(w[0], s.u64(p + len - tailDone + 16));
    x = add(mul(rotate(x, 49), k0), w[0]);
    w[0] = add(w[0], v[0]);
    const nv = weakHashLen32WithSeeds(s, p + len - tailDone, v[0], v[1]);
    [v[0], v[1]] = nv;
  }
  x = hashLen16(x, v[0]);
  y = hashLen16(y, w[0]);
  return [add(hashLen16(add(x, v[1]), w[1]), y), hashLen16(add(x, w[1]), add(y, v[1]))];
}

/** CityHash128 v1.0.2 of `data`: [low 64 bits, high 64 bits], as ClickHouse writes them (LE, low first). */
export function cityHash128(data: Buffer): Pair {
  const s = new Bytes(data);
  const len = data.length;
  if (len >= 16) return cityHash128WithSeed(s, 16, len - 16, s.u64(0) ^ k3, s.u64(8));
  if (len >= 8) return cityHash128WithSeed(s, 0, 0, s.u64(0) ^ mul(BigInt(len), k0), s.u64(len - 8) ^ k1);
  return cityHash128WithSeed(s, 0, len, k0, k1);
}

/** The 16 checksum bytes that precede a compressed block. */
export function cityHash128Bytes(data: Buffer): Buffer {
  const [low, high] = cityHash128(data);
  const out = Buffer.alloc(16);
  out.writeBigUInt64LE(low, 0);
  out.writeBigUInt64LE(high, 8);
  return out;
}
