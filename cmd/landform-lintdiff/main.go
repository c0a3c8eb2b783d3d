// Command landform-lintdiff runs landform check and cfn-lint over the same
// templates and lists where they disagree, by class and rule: errors cfn-lint
// finds in a class landform claims that landform misses on that resource,
// errors landform reports where cfn-lint reports none, and cfn-lint errors of
// classes landform leaves to CloudFormation. Point it at your own estate:
//
//	go run ./cmd/landform-lintdiff [-all] [-fail] DIR|FILE...
//
// Directories are walked for .yaml, .yml, .json and .template files that
// look like templates (they name Resources or AWSTemplateFormatVersion).
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/landform/landform/internal/check"
	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/kinds/all"
	"github.com/landform/landform/internal/lintdiff"
)

func main() {
	every := flag.Bool("all", false, "list every disagreement, not the first of each rule")
	fail := flag.Bool("fail", false, "exit 1 when anything is missed or reported by landform only")
	lint := flag.String("cfn-lint", "cfn-lint", "the cfn-lint to run")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: landform-lintdiff [-all] [-fail] [-cfn-lint PATH] DIR|FILE...")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() == 0 {
		flag.Usage()
		os.Exit(2)
	}
	r, err := run(context.Background(), *lint, flag.Args())
	if err != nil {
		fmt.Fprintln(os.Stderr, "landform-lintdiff:", err)
		os.Exit(1)
	}
	if err := r.WriteText(os.Stdout, *every); err != nil {
		fmt.Fprintln(os.Stderr, "landform-lintdiff:", err)
		os.Exit(1)
	}
	if *fail && r.Count(lintdiff.Missed)+r.Count(lintdiff.LandformOnly) > 0 {
		os.Exit(1)
	}
}

func run(ctx context.Context, lint string, args []string) (*lintdiff.Report, error) {
	files, err := templates(args)
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("no templates in %s", strings.Join(args, " "))
	}
	lints, err := lintdiff.CfnLint(ctx, lint, files)
	if err != nil {
		return nil, err
	}
	sets := all.Kinds.TemplateRules()
	r := &lintdiff.Report{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		fs := check.Bytes(f, data, sets...)
		lintErrors := 0
		for _, l := range lints[f] {
			if strings.HasPrefix(l.Rule, "E") {
				lintErrors++
			}
		}
		r.Add(lintErrors, fs.Count(finding.Error), lintdiff.Compare(f, data, lints[f], fs))
	}
	return r, nil
}

// templates expands directories into the template files under them.
func templates(args []string) ([]string, error) {
	var out []string
	for _, a := range args {
		info, err := os.Stat(a)
		if err != nil {
			return nil, err
		}
		if !info.IsDir() {
			out = append(out, a)
			continue
		}
		err = filepath.WalkDir(a, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() || !slices.Contains([]string{".yaml", ".yml", ".json", ".template"}, filepath.Ext(p)) {
				return nil
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			if bytes.Contains(data, []byte("Resources")) || bytes.Contains(data, []byte("AWSTemplateFormatVersion")) {
				out = append(out, p)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}
