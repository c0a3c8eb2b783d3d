package eval

// A compiled policy is made of many small slices (statements, action and
// resource patterns, pattern tokens, conditions and their values).
// Allocating each on its own costs more than compiling it, so they are cut
// from a few large blocks instead. An arena that is reset hands its blocks
// out again: `access eval` compiles every case into one arena per
// Evaluator, reset between cases, and so compiling runs without allocating
// once the blocks are large enough. Nothing compiled is kept across a
// reset; each case is compiled from its document again.

// slab hands out runs of T from one block, replacing the block by a larger
// one when it is full. Runs handed out earlier keep the block they were cut
// from.
type slab[T any] struct {
	buf []T
	min int // smallest block; 0 sizes blocks to their first run
}

// take returns n zeroed elements.
func (s *slab[T]) take(n int) []T {
	if len(s.buf)+n > cap(s.buf) {
		s.buf = make([]T, 0, max(2*cap(s.buf), n, s.min))
	}
	start := len(s.buf)
	s.buf = s.buf[:start+n]
	return s.buf[start : start+n : start+n] // zero: new, or cleared by reset
}

// take1 returns a run of one element, v.
func (s *slab[T]) take1(v T) []T {
	out := s.take(1)
	out[0] = v
	return out
}

// mark starts a run built with push; run ends it.
func (s *slab[T]) mark() int { return len(s.buf) }

// push appends v to the run that started at *start, moving the run to a
// new block when the current one is full.
func (s *slab[T]) push(start *int, v T) {
	if len(s.buf) == cap(s.buf) {
		nb := make([]T, 0, max(2*cap(s.buf), 2*(len(s.buf)-*start), s.min, 4))
		nb = append(nb, s.buf[*start:]...)
		s.buf, *start = nb, 0
	}
	s.buf = append(s.buf, v)
}

// run returns the elements pushed since start.
func (s *slab[T]) run(start int) []T {
	n := len(s.buf)
	return s.buf[start:n:n]
}

// reset makes the block's room available again, zeroed at once (one clear
// per block rather than one per run taken).
func (s *slab[T]) reset() {
	clear(s.buf)
	s.buf = s.buf[:0]
}

// arena holds the slabs of one compiler. The zero arena sizes every block
// to what it is first asked for (a policy compiled on its own costs what it
// needs); newReusableArena's blocks start large, for reset and reuse.
type arena struct {
	policies   slab[Policy]
	statements slab[Statement]
	actions    slab[actionPattern]
	arns       slab[arnPattern]
	segs       slab[[6]pattern]
	principals slab[principalPattern]
	conditions slab[condition]
	values     slab[condValue]
	tokens     slab[token]
}

func newReusableArena() *arena {
	const n = 256
	a := &arena{}
	a.policies.min, a.statements.min, a.actions.min, a.arns.min, a.segs.min = n/8, n, n, n, n/4
	a.principals.min, a.conditions.min, a.values.min, a.tokens.min = n, n, n, 4*n
	return a
}

func (a *arena) reset() {
	a.policies.reset()
	a.statements.reset()
	a.actions.reset()
	a.arns.reset()
	a.segs.reset()
	a.principals.reset()
	a.conditions.reset()
	a.values.reset()
	a.tokens.reset()
}
