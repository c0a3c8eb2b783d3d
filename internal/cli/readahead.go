package cli

import (
	"fmt"
	"os"
	"runtime"

	"github.com/landform/landform/internal/artifact"
)

// readAhead builds a command's configs on a few goroutines while the
// command works through them in order: one config's templates are checked
// while another's are written. At most readAheadWindow builds are started
// and not yet taken, so memory stays a few configs' worth however many
// there are, and as many run at once as the machine has cores.
// Output stays in order and the same: builds share only the Env, which is
// safe for that (TestBuildConcurrently runs under -race).
type readAhead struct {
	b     *artifact.Builder
	files []string
	jobs  []*buildJob
	next  int
	slots chan struct{} // builds started and not yet taken
	cores chan struct{} // builds running
	stop  chan struct{}
	// prepare, when set, runs on the build's goroutine after a build that
	// succeeded: work the command would do next that needs only the build
	// (generate renders the templates' HTML pages there). What it returns
	// is the job's, for the command to take (prepared).
	prepare func(*artifact.Config) any
	taken   any
}

type buildJob struct {
	done     chan struct{}
	c        *artifact.Config
	err      error
	prepared any
}

// readAheadWindow is how many builds may be started and not yet taken.
// It is wider than the machine: while the command waits on one config's
// writes (each file is synced), the cores build the configs after it.
const readAheadWindow = 8

// startReadAhead starts building files with b, as many at a time as the
// machine has cores, up to readAheadWindow ahead of the command.
func startReadAhead(b *artifact.Builder, files []string, prepare func(*artifact.Config) any) *readAhead {
	r := &readAhead{b: b, files: files, jobs: make([]*buildJob, len(files)), prepare: prepare,
		slots: make(chan struct{}, readAheadWindow), cores: make(chan struct{}, runtime.GOMAXPROCS(0)),
		stop: make(chan struct{})}
	for i := range r.jobs {
		r.jobs[i] = &buildJob{done: make(chan struct{})}
	}
	go func() {
		for i, file := range files {
			select {
			case r.slots <- struct{}{}:
			case <-r.stop:
				return
			}
			go func(j *buildJob) {
				defer close(j.done)
				r.cores <- struct{}{}
				defer func() { <-r.cores }()
				j.c, j.err = readAndBuild(b, file)
				if j.err == nil && r.prepare != nil {
					j.prepared = r.prepare(j.c)
				}
			}(r.jobs[i])
		}
	}()
	return r
}

// take returns the build of file when it is the next one read ahead with
// b; ok is false otherwise (a file asked for out of order, or by another
// builder), and the caller builds it itself.
func (r *readAhead) take(b *artifact.Builder, file string) (c *artifact.Config, err error, ok bool) {
	if r == nil {
		return nil, nil, false
	}
	r.taken = nil
	if r.b != b || r.next >= len(r.files) || r.files[r.next] != file {
		return nil, nil, false
	}
	j := r.jobs[r.next]
	r.next++
	<-j.done
	<-r.slots
	r.taken = j.prepared
	return j.c, j.err, true
}

// prepared is what prepare made of the build take returned last; nil when
// that build was not read ahead.
func (r *readAhead) prepared() any {
	if r == nil {
		return nil
	}
	return r.taken
}

// close starts no more builds; those running finish on their own.
func (r *readAhead) close() { close(r.stop) }

// readAndBuild reads one config file and builds it.
func readAndBuild(b *artifact.Builder, file string) (*artifact.Config, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("reading config %s: %w", file, unwrapPathError(err))
	}
	return b.Build(file, data)
}
