// Where a server's CPU went, from a .cpuprofile written by `node --cpu-prof`: self time per
// function and per package (or src/ folder), to read after a bench run with BENCH_PROFILE=1.
//
//   node --import tsx bench/support/profile-summary.ts <file.cpuprofile> [top=30]
import { readFileSync } from 'node:fs'

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[] }

const [file, topArg] = process.argv.slice(2)
if (!file) {
  console.error('usage: profile-summary.ts <file.cpuprofile> [top]')
  process.exit(2)
}
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile
const byId = new Map(profile.nodes.map((n) => [n.id, n]))
const self = new Map<number, number>()
for (let i = 0; i < profile.samples.length; i++) self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0))

const where = (url: string) => {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)
  if (m) return m[1]
  const s = /\/main\/((?:src|views|bench|tests)\/[^/]+)/.exec(url)
  if (s) return s[1]
  return url.startsWith('node:') ? 'node:' + url.slice(5).split('/')[0] : url === '' ? '(native/gc/idle)' : url
}
const fns = new Map<string, number>()
const places = new Map<string, number>()
let total = 0
for (const [id, us] of self) {
  const n = byId.get(id)!
  const { functionName, url, lineNumber } = n.callFrame
  total += us
  const key = `${functionName || '(anonymous)'} ${where(url)}:${lineNumber + 1}`
  fns.set(key, (fns.get(key) ?? 0) + us)
  const place = functionName === '(idle)' ? '(idle)' : functionName === '(garbage collector)' ? '(gc)' : where(url)
  places.set(place, (places.get(place) ?? 0) + us)
}
const top = Number(topArg ?? 30)
const pct = (us: number) => `${((100 * us) / total).toFixed(1).padStart(5)}%`
console.log(`total ${(total / 1e6).toFixed(1)} s sampled\n\nby package / folder:`)
for (const [k, v] of [...places].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`${pct(v)}  ${k}`)
console.log('\nby function (self time):')
for (const [k, v] of [...fns].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(v)}  ${k}`)
