// Lookups asked for in one round of the event loop are answered by one call, each with its own
// answer; a failed call fails every one of them and no later lookup.
import { describe, expect, it } from 'vitest'
import { batchedLookup } from '../../src/lib/batched-lookup.js'

function recordingLookup(fail = (_keys: number[]) => false) {
  const calls: number[][] = []
  const lookup = batchedLookup(async (keys: number[]) => {
    calls.push(keys)
    if (fail(keys)) throw new Error('database down')
    return new Map(keys.filter((k) => k % 7 !== 0).map((k) => [k, `value ${k}`]))
  })
  return { calls, lookup }
}

describe('batchedLookup', () => {
  it.each([1, 2, 13, 200])('%i lookups asked together: one call, each key once, each answer its own', async (n) => {
    const { calls, lookup } = recordingLookup()
    const keys = Array.from({ length: n }, (_, i) => i % 5 === 4 ? i - 1 : i) // some keys asked twice
    const answers = await Promise.all(keys.map((k) => lookup(k)))
    expect(calls).toHaveLength(1)
    expect(calls[0]).toEqual([...new Set(keys)])
    answers.forEach((answer, i) => expect(answer).toBe(keys[i]! % 7 === 0 ? undefined : `value ${keys[i]}`))
  })

  it('lookups asked in different rounds get calls of their own', async () => {
    const { calls, lookup } = recordingLookup()
    const first = lookup(1)
    await new Promise((resolve) => setImmediate(resolve))
    const second = lookup(2)
    expect(await Promise.all([first, second])).toEqual(['value 1', 'value 2'])
    expect(calls).toEqual([[1], [2]])
  })

  it('a failed call rejects every lookup of its round and none of the next', async () => {
    const { calls, lookup } = recordingLookup((keys) => keys.includes(3))
    const failed = await Promise.allSettled([lookup(3), lookup(4), lookup(3)])
    expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected'])
    expect(await lookup(5)).toBe('value 5')
    expect(calls).toEqual([[3, 4], [5]])
  })
})
