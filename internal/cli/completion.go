package cli

import (
	"slices"
	"strings"

	"github.com/spf13/cobra"
)

// complete adds shell completion of values to the commands NewRootCmd
// made: flag values with a fixed set, kinds, tiers and catalog entries
// (policy-template ids, sg scenarios, ml tiers), as cobra's completion
// scripts (landform completion bash|zsh|fish|powershell) ask for them.
func complete(root *cobra.Command, app *App) {
	fixed := func(values ...string) cobra.CompletionFunc {
		return cobra.FixedCompletions(values, cobra.ShellCompDirectiveNoFileComp)
	}
	_ = root.RegisterFlagCompletionFunc("output", fixed("text", "json", "sarif", "junit"))
	for _, c := range root.Commands() {
		switch c.Name() {
		case "validate", "check", "generate", "plan":
			_ = c.RegisterFlagCompletionFunc("fail-on", fixed("error", "warning", "note"))
		}
		switch c.Name() {
		case "generate":
			_ = c.RegisterFlagCompletionFunc("format", fixed("yaml", "json"))
		case "graph":
			_ = c.RegisterFlagCompletionFunc("format", fixed("text", "dot", "mermaid"))
		case "schema":
			c.ValidArgsFunction = func(_ *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
				if len(args) > 0 {
					return nil, cobra.ShellCompDirectiveNoFileComp
				}
				return app.kinds().Names(), cobra.ShellCompDirectiveNoFileComp
			}
			_ = c.RegisterFlagCompletionFunc("tier", func(_ *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
				if len(args) == 1 {
					if k, ok := app.kinds().ByName(args[0]); ok {
						return k.Variants(), cobra.ShellCompDirectiveNoFileComp
					}
				}
				return nil, cobra.ShellCompDirectiveNoFileComp
			})
		case "describe":
			c.ValidArgsFunction = func(_ *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
				switch len(args) {
				case 0:
					return append(app.catalogNouns(), app.kinds().Names()...), cobra.ShellCompDirectiveNoFileComp
				case 1:
					return app.entries(args[0]), cobra.ShellCompDirectiveNoFileComp
				}
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
		}
	}
}

// entries are the names a catalog lists: the first column of its list.
func (a *App) entries(noun string) []string {
	c, ok := a.catalogs()[noun]
	if !ok {
		return nil
	}
	v, _, err := c.List(a.Env())
	if err != nil {
		return nil
	}
	var out []string
	for _, s := range v.Sections {
		for _, row := range s.Rows {
			if len(row) > 0 && !slices.Contains(out, row[0]) && !strings.ContainsAny(row[0], " ") {
				out = append(out, row[0])
			}
		}
	}
	return out
}
