// Asks @cloud-copilot/iam-simulate for the decision of every request of a
// corpus in the `landform access eval` line format and writes one line per
// case: {"id", "result"} or {"id", "error"} for an invalid policy, or
// {"id", "skip"} when iam-simulate cannot decide the request as given (it
// rejected the request itself, or dropped context keys it does not allow
// for the action). Usage:
//   node decide.mjs CORPUS.jsonl > EXPECTED.jsonl
import { readFileSync } from 'node:fs'
import { runSimulation } from '@cloud-copilot/iam-simulate'

// toSimulation maps one line to iam-simulate's Simulation.
export function toSimulation(c) {
  const named = (list, prefix) => (list || []).map((policy, i) => ({ name: `${prefix}${i}`, policy }))
  let scpLevels = c.scpLevels || []
  if (c.scps) scpLevels = [c.scps, ...scpLevels]
  let rcpLevels = c.rcpLevels || []
  if (c.rcps) rcpLevels = [c.rcps, ...rcpLevels]
  const sim = {
    request: {
      principal: c.request.principal,
      action: c.request.action,
      resource: { resource: c.request.resource.resource, accountId: c.request.resource.accountId },
      contextVariables: c.request.contextVariables || {}
    },
    identityPolicies: named(c.identityPolicies, 'identity'),
    serviceControlPolicies: scpLevels.map((level, i) => ({ orgIdentifier: `scp-level-${i}`, policies: named(level, `scp${i}-`) })),
    resourceControlPolicies: rcpLevels.map((level, i) => ({ orgIdentifier: `rcp-level-${i}`, policies: named(level, `rcp${i}-`) }))
  }
  if (c.resourcePolicy) sim.resourcePolicy = c.resourcePolicy
  if (c.permissionBoundaries && c.permissionBoundaries.length > 0) {
    sim.permissionBoundaryPolicies = named(c.permissionBoundaries, 'boundary')
  }
  if (c.sessionPolicy) sim.sessionPolicy = c.sessionPolicy
  return sim
}

const policyErrorKeys = [
  'sessionPolicyErrors', 'identityPolicyErrors', 'serviceControlPolicyErrors',
  'resourceControlPolicyErrors', 'resourcePolicyErrors', 'permissionBoundaryErrors'
]

export async function decide(c) {
  const res = await runSimulation(toSimulation(c), {})
  if (res.resultType === 'error') {
    if (policyErrorKeys.some((k) => res.errors[k])) {
      return { id: c.id, error: JSON.stringify(res.errors) }
    }
    return { id: c.id, skip: `iam-simulate rejected the request: ${res.errors.message}` }
  }
  if (res.resultType !== 'single') {
    return { id: c.id, skip: `iam-simulate ran a ${res.resultType} simulation` }
  }
  const ignored = res.result.ignoredContextKeys || []
  if (ignored.length > 0) {
    return { id: c.id, skip: `iam-simulate ignored context keys ${ignored.join(',')}` }
  }
  return { id: c.id, result: res.overallResult }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const lines = readFileSync(process.argv[2], 'utf8').split('\n').filter((l) => l.trim() !== '')
  const out = []
  for (const line of lines) {
    out.push(JSON.stringify(await decide(JSON.parse(line))))
  }
  process.stdout.write(out.join('\n') + '\n')
}
