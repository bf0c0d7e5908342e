// Lookups by key that many requests ask for at the same moment (the session behind each
// request's cookie): those asked for while the event loop handles one round of I/O are answered
// together, by one query, at the end of that round. Under load that is one round trip for many
// requests; a lone request waits for nothing but the end of its own round.

export type Lookup<K, V> = (key: K) => Promise<V | undefined>

export function batchedLookup<K, V>(lookUpMany: (keys: K[]) => Promise<Map<K, V>>): Lookup<K, V> {
  let waiting: Map<K, Array<{ resolve: (value: V | undefined) => void; reject: (error: unknown) => void }>> | null = null

  async function answer(batch: NonNullable<typeof waiting>) {
    try {
      const found = await lookUpMany([...batch.keys()])
      for (const [key, askers] of batch) for (const asker of askers) asker.resolve(found.get(key))
    } catch (error) {
      for (const askers of batch.values()) for (const asker of askers) asker.reject(error)
    }
  }

  return (key) => new Promise((resolve, reject) => {
    if (!waiting) {
      const batch = new Map()
      waiting = batch
      // setImmediate runs after the poll phase: every request whose bytes arrived in this round
      // has asked by then.
      setImmediate(() => {
        waiting = null
        void answer(batch)
      })
    }
    const askers = waiting.get(key)
    if (askers) askers.push({ resolve, reject })
    else waiting.set(key, [{ resolve, reject }])
  })
}
