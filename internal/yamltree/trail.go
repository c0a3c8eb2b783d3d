package yamltree

// A Trail is the path of the node a walk down a tree is at, kept as the
// steps taken and written out only when asked for ([Trail.String]). A
// check walks every node of a template and reports a few: building every
// node's path as a string cost more than the checks themselves.
//
// A walker steps down before it visits a child and back up after:
//
//	walk(t.Key(e.Key), e.Value)
//	t.Up()
//
// One Trail serves a whole walk without allocating once its steps have
// grown to the tree's depth; it is not safe for concurrent use.
type Trail struct {
	base  string // the path the walk started at
	steps []step
}

type step struct {
	key   string
	index int // the sequence index, or -1 for a map key
}

// NewTrail starts a walk at the node whose path is path ("" for the root).
func NewTrail(path string) *Trail { return &Trail{base: path, steps: make([]step, 0, 16)} }

// Key steps into the map entry key and returns t.
func (t *Trail) Key(key string) *Trail {
	t.steps = append(t.steps, step{key: key, index: -1})
	return t
}

// Index steps into the sequence item i and returns t.
func (t *Trail) Index(i int) *Trail {
	t.steps = append(t.steps, step{index: i})
	return t
}

// Up takes back the last step.
func (t *Trail) Up() { t.steps = t.steps[:len(t.steps)-1] }

// String is the path, as [ChildPath] and [IndexPath] write it.
func (t *Trail) String() string {
	b := make([]byte, 0, len(t.base)+16*len(t.steps))
	b = append(b, t.base...)
	for _, s := range t.steps {
		if s.index >= 0 {
			b = appendIndex(b, s.index)
		} else {
			b = appendChild(b, s.key)
		}
	}
	return string(b)
}
