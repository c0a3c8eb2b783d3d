package principals

// FullGraph computes every edge of ctx's assume-role graph, as escalation
// does, so tests can compare what the lazy graph answers with it.
func (w *Model) FullGraph(ctx Context) { w.graph(ctx) }
