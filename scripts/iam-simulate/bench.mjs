// Times iam-simulate the way `landform access eval --bench N` times
// landform: decode every line once, untimed warm-up passes, then N timed
// passes deciding every case (runSimulation validates and loads the
// policies each time). Prints one JSON line. Usage:
//   node bench.mjs CORPUS.jsonl N [WARMUP]
import { readFileSync } from 'node:fs'
import { runSimulation } from '@cloud-copilot/iam-simulate'
import { toSimulation } from './decide.mjs'

const [file, passesArg, warmupArg] = process.argv.slice(2)
const passes = Number(passesArg || 5)
const warmup = Number(warmupArg ?? 1)
const cases = readFileSync(file, 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l))

async function pass() {
  for (const c of cases) {
    await runSimulation(toSimulation(c), {})
  }
}

for (let i = 0; i < warmup; i++) await pass()
const evalsPerSec = []
for (let i = 0; i < passes; i++) {
  const start = process.hrtime.bigint()
  await pass()
  const secs = Number(process.hrtime.bigint() - start) / 1e9
  evalsPerSec.push(cases.length / secs)
}
const sorted = [...evalsPerSec].sort((a, b) => a - b)
const n = sorted.length
const median = n % 2 === 1 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
console.log(JSON.stringify({ engine: 'iam-simulate', cases: cases.length, passes, evalsPerSec, medianEvalsPerSec: median }))
