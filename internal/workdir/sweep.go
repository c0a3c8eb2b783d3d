package workdir

import (
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"
)

// foreignAge is how long a temporary file of another scope must have gone
// unmodified before it is taken for abandoned.
const foreignAge = 24 * time.Hour

// sweeper removes abandoned temporary files, once per directory.
type sweeper struct {
	self    owner
	exists  func(pid int) (exists, known bool) // is there a process pid?
	startOf func(pid int) (string, bool)       // when did process pid start?
	now     func() time.Time

	mu   sync.Mutex
	done map[string]*sync.Once // by absolute directory
}

// processSweeper is the sweeper of this process. Whether a directory has been
// swept is a fact about the process, so it is the package's one piece of
// mutable state.
var processSweeper = sync.OnceValue(func() *sweeper { return newSweeper(currentOwner()) })

func newSweeper(self owner) *sweeper {
	return &sweeper{
		self:    self,
		exists:  processExists,
		startOf: func(pid int) (string, bool) { return startTime(strconv.Itoa(pid)) },
		now:     time.Now,
		done:    map[string]*sync.Once{},
	}
}

// sweepOnce sweeps dir unless this sweeper has done so already. Writers into
// dir wait for the sweep; writers into other directories do not.
func (s *sweeper) sweepOnce(dir string) {
	key := filepath.Clean(dir)
	if abs, err := filepath.Abs(dir); err == nil {
		key = abs
	}
	s.mu.Lock()
	once := s.done[key]
	if once == nil {
		once = new(sync.Once)
		s.done[key] = once
	}
	s.mu.Unlock()
	once.Do(func() { s.sweep(dir) })
}

// sweep removes the abandoned temporary files in dir and returns their names.
func (s *sweeper) sweep(dir string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var removed []string
	for _, e := range entries {
		o, ok := parseTempName(e.Name())
		if !ok {
			continue
		}
		info, err := e.Info()
		if err != nil || !info.Mode().IsRegular() {
			continue
		}
		if s.abandoned(o, info.ModTime()) && os.Remove(filepath.Join(dir, e.Name())) == nil {
			removed = append(removed, e.Name())
		}
	}
	return removed
}

// abandoned reports whether the temporary file written by o and last modified
// at mtime was left by a writer that no longer runs. When in doubt, it says no.
func (s *sweeper) abandoned(o owner, mtime time.Time) bool {
	if o.scope != s.self.scope {
		return s.now().Sub(mtime) > foreignAge
	}
	exists, known := s.exists(o.pid)
	if !known {
		return false
	}
	if !exists {
		return true
	}
	if o.start == unknownStart {
		return false
	}
	start, ok := s.startOf(o.pid)
	return ok && start != o.start // the PID now names another process
}
