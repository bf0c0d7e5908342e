// Runs every bench in this folder, one after another, each in its own process.
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const dir = fileURLToPath(new URL('.', import.meta.url))
const benches = readdirSync(dir).filter((f) => f.endsWith('.ts') && !['run-all.ts', 'support.ts'].includes(f)).sort()
let failed = 0
for (const file of benches) {
  console.log(`\n=== ${file} ===`)
  const run = spawnSync(process.execPath, ['--import', 'tsx', `${dir}${file}`], { stdio: 'inherit' })
  if (run.status !== 0) failed += 1
}
process.exit(failed ? 1 : 0)
