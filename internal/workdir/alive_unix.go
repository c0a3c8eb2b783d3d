//go:build unix

package workdir

import (
	"errors"
	"syscall"
)

// processExists reports whether a process pid exists, by sending it signal 0.
// EPERM means it exists under another user; any other error leaves it unknown.
func processExists(pid int) (exists, known bool) {
	err := syscall.Kill(pid, 0)
	switch {
	case err == nil, errors.Is(err, syscall.EPERM):
		return true, true
	case errors.Is(err, syscall.ESRCH):
		return false, true
	}
	return false, false
}
