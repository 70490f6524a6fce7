/**
 * Seeded pseudo-random numbers for synthetic markets: xoshiro128** seeded
 * through splitmix32. 32-bit integer arithmetic only (Math.imul, shifts), so
 * a seed yields the same stream on every machine and engine.
 */

/** FNV-1a over UTF-16 code units: turns a symbol into a stream key. */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function splitmix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** `seed` is taken modulo 2^32; `stream` separates independent sequences under one seed (e.g. one per symbol). */
  constructor(seed: number, stream = 0) {
    const state = { s: (seed ^ Math.imul(stream, 0x9e3779b1)) | 0 };
    this.a = splitmix32(state);
    this.b = splitmix32(state);
    this.c = splitmix32(state);
    this.d = splitmix32(state);
  }

  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /** Uniform in [0, 1), 32 bits of resolution. */
  nextFloat(): number {
    return this.nextUint32() / 4294967296;
  }

  /**
   * Approximately standard normal: the Irwin-Hall sum of 12 uniforms minus 6
   * (mean 0, variance 1, bounded at +-6). Chosen over Box-Muller because it
   * needs no Math.log/Math.cos, whose last bits may differ between engines.
   */
  nextNormal(): number {
    let sum = 0;
    for (let i = 0; i < 12; i++) sum += this.nextFloat();
    return sum - 6;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
