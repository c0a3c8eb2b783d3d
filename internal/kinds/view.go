package kinds

import (
	"fmt"

	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/report"
)

// Catalog is a Kind whose assets hold entries a user lists and describes
// before writing any config: sec's policy templates, sg's scenarios, ml's
// product tiers. `landform list NOUNs` and `landform describe NOUN NAME`
// reach it by its noun.
type Catalog interface {
	Noun() string // "scenario"; list takes the plural, Noun()+"s"
	// List shows every entry. Findings are about broken entries (a
	// drop-in file with errors), with their file and line.
	List(env *Env) (View, finding.List, error)
	// Describe shows one entry, or returns a *NotFoundError.
	Describe(env *Env, name string) (View, error)
}

// Describer is a Spec that describes what it grants, beyond its template
// (access: who can assume which role, through which chain):
// `landform describe KIND -c CONFIG`.
type Describer interface {
	Describe() (Description, error)
}

// Description is what a Describer shows: a view per config, JSON items
// the command joins across configs into one array, and a page the caller
// renders as reports/{Report}.
type Description struct {
	View   View
	Items  []any
	Page   report.Review
	Report string // file name under reports/
}

// View is what a kind shows, as data; the caller renders it as text
// (header lines, then tables) or JSON.
type View struct {
	JSON     any
	Head     []string // lines printed first
	Sections []Section
	Tail     string // printed as it is after a blank line (a policy document)
	Note     string // one line for stderr, such as a count
}

// Section is one table of a view.
type Section struct {
	Title  string   // printed after a blank line; "" prints neither
	Indent bool     // rows indented two spaces
	Header []string // the header row; nil for none
	Rows   [][]string
	Notes  []string // lines after the table, indented two spaces
}

// NotFoundError is a catalog entry that does not exist.
type NotFoundError struct {
	Noun, Name string
	Hint       string // "did you mean …?" or where to look
}

func (e *NotFoundError) Error() string { return fmt.Sprintf("no %s %q: %s", e.Noun, e.Name, e.Hint) }

// NotFound is the error for an unknown entry, suggesting the closest of
// names or else saying hint.
func NotFound(noun, name string, names []string, hint string) *NotFoundError {
	if m := finding.Suggest(name, names); m != "" {
		hint = "did you mean " + m + "?"
	}
	return &NotFoundError{Noun: noun, Name: name, Hint: hint}
}
