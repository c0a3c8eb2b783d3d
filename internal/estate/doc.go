// Package estate is many configs as one plan: a graph of artifacts whose
// edges are the SSM parameters and CloudFormation exports one stack writes
// and another reads. Built offline, it says what no single config can: a
// parameter read that nothing writes, one written twice, a cycle, a reader
// in another account or region than its writer; and the launch order, as
// levels of stacks that can run together.
//
//	configs ─▶ kinds (units) ─▶ artifacts ─▶ estate graph (wiring, order) ─▶ stack / StackSets
//
// A directory of configs is an estate when it holds estate.yaml (Spec): the
// parameters written outside the estate, and per config an ordering the
// wiring does not show or a stack-set deployment. Run walks the graph,
// several stacks at a time, stopping the dependants of a failure.
package estate
