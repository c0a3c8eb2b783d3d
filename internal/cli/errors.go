package cli

import (
	"errors"
	"fmt"
)

// Exit codes.
const (
	ExitOK      = 0
	ExitFailure = 1 // the config, template or stack has errors, or an operation failed
	ExitUsage   = 2
	// ExitChanges is plan --detailed-exitcode's "stacks would change" and
	// drift's "drifted" (Terraform's convention). It shares 2 with usage
	// errors, which happen before any AWS call and print "run ... --help".
	ExitChanges = 2
)

// usageError is a command line that cannot be run as given.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usageErrorf(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// errFindings says the input had error findings, which were already
// printed; main prints nothing more for it.
var errFindings = errors.New("errors found")

// errChanges says plan --detailed-exitcode found changes, already printed.
var errChanges = errors.New("changes planned")

// errReported says an operation failed and the command already printed why.
var errReported = errors.New("operation failed")

// ExitCode maps a command's error to the process exit code.
func ExitCode(err error) int {
	var ue *usageError
	switch {
	case err == nil:
		return ExitOK
	case errors.As(err, &ue):
		return ExitUsage
	case errors.Is(err, errChanges), errors.Is(err, errDrifted):
		return ExitChanges
	}
	return ExitFailure
}

// Silent reports whether main should not print err (it was reported already).
func Silent(err error) bool {
	return errors.Is(err, errFindings) || errors.Is(err, errReported) || errors.Is(err, errChanges) || errors.Is(err, errDrifted)
}
