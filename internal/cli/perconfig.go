package cli

import (
	"fmt"

	"github.com/landform/landform/internal/finding"
)

// perConfig is how commands that produce something per config (generate,
// export) run: do each file, print its findings to stderr and its result
// with show, or with --output json one document (an object for one config,
// an array for several). The findings of each config are stored in its
// result through setFindings. Any config with errors makes the run fail
// after all were tried; skipped says what a failed config did not get.
func perConfig[T any](app *App, files []string, do func(file string) (T, finding.List, error),
	setFindings func(*T, []finding.JSON), show func(T), skipped string) error {
	var results []T
	failed := false
	for _, file := range files {
		res, fs, err := do(file)
		if err != nil {
			return err
		}
		fs.Sort()
		setFindings(&res, finding.ToJSON(fs))
		results = append(results, res)
		failed = failed || app.fails(fs)
		if app.JSON() {
			continue
		}
		if err := finding.WriteText(app.IO.ErrOut, fs); err != nil {
			return err
		}
		if app.fails(fs) {
			fmt.Fprintf(app.IO.ErrOut, "%s: %s (%s)\n", file, skipped, finding.Summary(fs))
			continue
		}
		show(res)
	}
	if app.JSON() {
		var v any = results
		if len(results) == 1 {
			v = results[0]
		}
		if err := writeJSON(app.IO.Out, v); err != nil {
			return err
		}
	}
	if failed {
		return errFindings
	}
	return nil
}
