const EMPTY = 0;
const MAX_LOAD = 0.75;

/**
 * Numbers the occurrences of each key within one report, in report order, in about 20 bytes
 * per distinct key (an open-addressing table of 64-bit key hashes in typed arrays), so that a
 * report with a million fingerprint-less results costs megabytes, not the size of its keys.
 *
 * A repeat of the key's previous occurrence, at the same position with the same detail (a hash
 * of what else the result says), is that occurrence again: a tool that lists one result twice
 * still yields one finding.
 */
export class OccurrenceCounter {
  private hashHigh: Uint32Array;
  private hashLow: Uint32Array;
  private counts: Uint32Array;
  private lastPositions: Int32Array;
  private lastDetails: Int32Array;
  private used = 0;

  constructor(initialCapacity = 1024) {
    const capacity = 2 ** Math.ceil(Math.log2(Math.max(initialCapacity, 16)));
    this.hashHigh = new Uint32Array(capacity);
    this.hashLow = new Uint32Array(capacity);
    this.counts = new Uint32Array(capacity);
    this.lastPositions = new Int32Array(capacity);
    this.lastDetails = new Int32Array(capacity);
  }

  /** Distinct keys seen so far. */
  get size(): number {
    return this.used;
  }

  /**
   * The 0-based occurrence number of a key, given as the first 8 bytes of its digest, at a
   * position (a line; -1 when the result has none) with a detail (any 32-bit integer).
   */
  next(digest: Buffer, position: number, detail: number): number {
    // 0 marks an empty slot, so a key whose high word is 0 is stored as 1: a collision only
    // between keys that already share 63 bits.
    const high = digest.readUInt32BE(0) || 1;
    const low = digest.readUInt32BE(4);
    const mask = this.hashHigh.length - 1;
    let slot = low & mask;
    while (this.hashHigh[slot] !== EMPTY) {
      if (this.hashHigh[slot] === high && this.hashLow[slot] === low) {
        if (this.lastPositions[slot] === position && this.lastDetails[slot] === (detail | 0)) {
          return this.counts[slot] - 1;
        }
        this.lastPositions[slot] = position;
        this.lastDetails[slot] = detail;
        return this.counts[slot]++;
      }
      slot = (slot + 1) & mask;
    }
    this.hashHigh[slot] = high;
    this.hashLow[slot] = low;
    this.counts[slot] = 1;
    this.lastPositions[slot] = position;
    this.lastDetails[slot] = detail;
    if (++this.used > this.hashHigh.length * MAX_LOAD) this.grow();
    return 0;
  }

  private grow() {
    const { hashHigh, hashLow, counts, lastPositions, lastDetails } = this;
    const capacity = hashHigh.length * 2;
    this.hashHigh = new Uint32Array(capacity);
    this.hashLow = new Uint32Array(capacity);
    this.counts = new Uint32Array(capacity);
    this.lastPositions = new Int32Array(capacity);
    this.lastDetails = new Int32Array(capacity);
    const mask = capacity - 1;
    for (let i = 0; i < hashHigh.length; i++) {
      if (hashHigh[i] === EMPTY) continue;
      let slot = hashLow[i] & mask;
      while (this.hashHigh[slot] !== EMPTY) slot = (slot + 1) & mask;
      this.hashHigh[slot] = hashHigh[i];
      this.hashLow[slot] = hashLow[i];
      this.counts[slot] = counts[i];
      this.lastPositions[slot] = lastPositions[i];
      this.lastDetails[slot] = lastDetails[i];
    }
  }
}
