package cli

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/landform/landform/internal/kinds"
)

// writeView renders a kind's view as text: its header lines, then each
// section's table, then the tail.
func writeView(w io.Writer, v kinds.View) error {
	for _, l := range v.Head {
		fmt.Fprintln(w, l)
	}
	for _, s := range v.Sections {
		if s.Title != "" {
			fmt.Fprintf(w, "\n%s\n", s.Title)
		}
		indent := ""
		if s.Indent {
			indent = "  "
		}
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		if s.Header != nil {
			fmt.Fprintln(tw, indent+strings.Join(s.Header, "\t"))
		}
		for _, r := range s.Rows {
			fmt.Fprintln(tw, indent+strings.Join(r, "\t"))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		for _, n := range s.Notes {
			fmt.Fprintln(w, "  "+n)
		}
	}
	if v.Tail != "" {
		fmt.Fprintf(w, "\n%s", v.Tail)
	}
	return nil
}

// showView writes a view as JSON or text, and its note to stderr.
func showView(app *App, v kinds.View) error {
	if app.JSON() {
		return writeJSON(app.IO.Out, v.JSON)
	}
	if err := writeView(app.IO.Out, v); err != nil {
		return err
	}
	if v.Note != "" {
		fmt.Fprintln(app.IO.ErrOut, v.Note)
	}
	return nil
}

// catalogs are the kinds with a catalog, by noun.
func (a *App) catalogs() map[string]kinds.Catalog {
	out := map[string]kinds.Catalog{}
	for _, k := range a.kinds() {
		if c, ok := k.(kinds.Catalog); ok {
			out[c.Noun()] = c
		}
	}
	return out
}

// catalogNouns are the catalog nouns in registry order.
func (a *App) catalogNouns() []string {
	var out []string
	for _, k := range a.kinds() {
		if c, ok := k.(kinds.Catalog); ok {
			out = append(out, c.Noun())
		}
	}
	return out
}
