// Package eval is landform's IAM policy evaluation engine: AWS's documented
// policy evaluation logic, offline and in pure Go. Policies are compiled once
// (Compile) into a form that evaluates without allocating per statement; a
// Set holds every policy that applies to one request (identity, session,
// permission boundaries, resource policy, SCP and RCP levels) and Evaluate
// decides a Request against it, naming the deciding statements.
//
// The engine is proven against the independent evaluator
// @cloud-copilot/iam-simulate on a generated corpus (testdata/, see
// docs/iam-eval.md); where that evaluator departs from AWS's documentation,
// the engine follows the documentation and the case is tested on its own.
package eval
