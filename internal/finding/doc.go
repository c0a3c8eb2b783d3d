// Package finding owns the one Finding type: something wrong with the user's
// input (a config or a template), with its rule id, severity, position and a
// hint, and the renderings of a list of findings as text, JSON, SARIF and
// JUnit XML. It imports nothing of landform's; every other package reports
// through it.
package finding
