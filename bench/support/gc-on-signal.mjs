// Preloaded into the server by the SSE bench (node --expose-gc --import …/gc-on-signal.mjs): on
// SIGUSR2 it collects garbage and prints process.memoryUsage() as one line on stderr, so the
// bench reads the memory that open connections hold rather than garbage awaiting a collection.
process.on('SIGUSR2', () => {
  globalThis.gc?.()
  globalThis.gc?.()
  process.stderr.write(`MEMORY ${JSON.stringify(process.memoryUsage())}\n`)
})
