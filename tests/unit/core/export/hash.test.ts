// Tests the file hash behind every record's source id: WebCrypto and the incremental hash agree with known digests.
import { createHash } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createFileHasher, fileSha256 } from '../../../../src/core/hash'

describe('file SHA-256', () => {
  it('matches the FIPS 180-4 test vector', async () => {
    expect(await fileSha256(new TextEncoder().encode('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
  })

  it('gives the same digest fed whole or in any chunking, equal to Node\'s (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), fc.array(fc.integer({ min: 1, max: 70 }), { minLength: 1, maxLength: 10 }), async (bytes, cuts) => {
        const h = createFileHasher()
        let o = 0
        for (let i = 0; o < bytes.length; i++) {
          const n = cuts[i % cuts.length]!
          h.update(bytes.subarray(o, o + n))
          o += n
        }
        const expected = createHash('sha256').update(bytes).digest('hex')
        expect(h.digestHex()).toBe(expected)
        expect(await fileSha256(bytes)).toBe(expected)
      }),
      { numRuns: 50 }
    )
  })
})
