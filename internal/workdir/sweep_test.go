package workdir

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestTempNameRoundTrip(t *testing.T) {
	o := owner{pid: 4194304, start: "888377", scope: "0123abcd"}
	for _, base := range []string{"shop-sg.yaml", "a.tmp-1-2-aaaaaaaa-bbbbbbbb", strings.Repeat("é", 200)} {
		name := tempName(base, o, 0xfeedbeef)
		got, ok := parseTempName(name)
		if !ok || got != o {
			t.Errorf("parseTempName(%q) = %+v, %v; want %+v", name, got, ok, o)
		}
		if len(name) > 255 || !utf8.ValidString(name) {
			t.Errorf("temporary name for %d-byte target is %d bytes, valid UTF-8 %v", len(base), len(name), utf8.ValidString(name))
		}
	}
}

func TestParseTempNameRejects(t *testing.T) {
	for _, name := range []string{
		"shop-sg.yaml",
		".foo.tmp",
		"x.tmp-123",
		"x.tmp-1-2-aaaaaaaa-bbbbbbbb",           // no leading dot
		".x.yaml.tmp-123456789",                 // os.CreateTemp, as landform named them before
		"..tmp-1-2-aaaaaaaa-bbbbbbbb",           // no NAME
		".x.tmp-0-2-aaaaaaaa-bbbbbbbb",          // PID 0
		".x.tmp--1-2-aaaaaaaa-bbbbbbbb",         // negative PID: kill(-1, 0) probes every process
		".x.tmp-9999999999-2-aaaaaaaa-bbbbbbbb", // beyond int32
		".x.tmp-12-2-AAAAAAAA-bbbbbbbb",         // upper-case scope
		".x.tmp-12-2-aaaaaaaa-bbbbbbb",          // short RAND
		".x.tmp-12-2-aaaaaaaa-bbbbbbbb~",        // an editor's backup of one
		".x.tmp-12-aaaaaaaa-bbbbbbbb",           // no START
	} {
		if o, ok := parseTempName(name); ok {
			t.Errorf("parseTempName(%q) = %+v, want no match", name, o)
		}
	}
}

func TestAbandoned(t *testing.T) {
	const scope, other = "0123abcd", "feedbeef"
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	type proc struct {
		exists, known bool
		start         string // "" when it cannot be read
	}
	tests := []struct {
		name string
		file owner
		proc proc
		age  time.Duration
		want bool
	}{
		{"dead writer", owner{42, "100", scope}, proc{false, true, ""}, 0, true},
		{"live writer", owner{42, "100", scope}, proc{true, true, "100"}, time.Hour, false},
		{"pid reused", owner{42, "100", scope}, proc{true, true, "900"}, 0, true},
		{"live, start of writer unknown", owner{42, unknownStart, scope}, proc{true, true, "900"}, 0, false},
		{"live, start of process unreadable", owner{42, "100", scope}, proc{true, true, ""}, 0, false},
		{"liveness unknown", owner{42, "100", scope}, proc{false, false, ""}, 0, false},
		{"other scope, fresh, pid dead here", owner{42, "100", other}, proc{false, true, ""}, time.Hour, false},
		{"other scope, a day old", owner{42, "100", other}, proc{true, true, "100"}, foreignAge + time.Minute, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newSweeper(owner{pid: 7, start: "5", scope: scope})
			s.exists = func(pid int) (bool, bool) {
				if pid != tt.file.pid {
					t.Fatalf("asked about pid %d, want %d", pid, tt.file.pid)
				}
				return tt.proc.exists, tt.proc.known
			}
			s.startOf = func(int) (string, bool) { return tt.proc.start, tt.proc.start != "" }
			s.now = func() time.Time { return now }
			if got := s.abandoned(tt.file, now.Add(-tt.age)); got != tt.want {
				t.Errorf("abandoned = %v, want %v", got, tt.want)
			}
		})
	}
}

// deadPID returns the PID of a process that has exited and been reaped.
func deadPID(t *testing.T) int {
	t.Helper()
	for range 10 {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		if err := cmd.Run(); err != nil {
			t.Fatal(err)
		}
		pid := cmd.ProcessState.Pid()
		if exists, known := processExists(pid); known && !exists {
			return pid
		}
	}
	t.Fatal("every exited child's PID was reused at once")
	return 0
}

// sleeper starts a process that lives until the test ends and returns its PID.
func sleeper(t *testing.T) int {
	t.Helper()
	cmd := exec.Command("sleep", "600")
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting sleep: %v", err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	return cmd.Process.Pid
}

func touch(t *testing.T, path string) {
	t.Helper()
	if err := os.WriteFile(path, []byte("partial"), 0o600); err != nil {
		t.Fatal(err)
	}
}

func names(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func TestSweepRealProcesses(t *testing.T) {
	t.Parallel()
	self := currentOwner()
	dead, live := deadPID(t), sleeper(t)
	liveStart, startKnown := startTime(strconv.Itoa(live))
	if !startKnown {
		liveStart = unknownStart
	}
	dir := t.TempDir()
	stale := []string{
		tempName("dead.yaml", owner{dead, "123", self.scope}, 1),
	}
	kept := []string{
		tempName("mine.yaml", self, 2),
		tempName("live.yaml", owner{live, liveStart, self.scope}, 3),
		".foo.tmp", "x.tmp-123", "notes.txt", ".x.yaml.tmp-123456789",
		tempName("dead.yaml", owner{dead, "123", "feedbeef"}, 4), // another scope, fresh
	}
	reused := tempName("reused.yaml", owner{live, "1", self.scope}, 5)
	if startKnown { // the start time tells a reused PID from its writer
		stale = append(stale, reused)
	} else {
		kept = append(kept, reused)
	}
	for _, name := range append(slices.Clone(stale), kept...) {
		touch(t, filepath.Join(dir, name))
	}
	// named like an abandoned temporary file but not a regular file
	notFiles := []string{tempName("d", owner{dead, "123", self.scope}, 6), tempName("l", owner{dead, "123", self.scope}, 7)}
	if err := os.Mkdir(filepath.Join(dir, notFiles[0]), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("notes.txt", filepath.Join(dir, notFiles[1])); err != nil {
		t.Fatal(err)
	}
	kept = append(kept, notFiles...)

	removed := newSweeper(self).sweep(dir)

	slices.Sort(stale)
	slices.Sort(kept)
	if slices.Sort(removed); !slices.Equal(removed, stale) {
		t.Errorf("removed %q, want %q", removed, stale)
	}
	if got := names(t, dir); !slices.Equal(got, kept) {
		t.Errorf("left %q, want %q", got, kept)
	}
}

func TestWriteFileSweepsOncePerDirectory(t *testing.T) {
	t.Parallel()
	self := processSweeper().self
	dead := deadPID(t)
	root := t.TempDir()
	templates, policies := filepath.Join(root, "templates"), filepath.Join(root, "policies")
	for _, dir := range []string{templates, policies} {
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	first := tempName("a.yaml", owner{dead, "1", self.scope}, 1)
	touch(t, filepath.Join(templates, first))
	if err := WriteFile(filepath.Join(templates, "a.yaml"), []byte("a")); err != nil {
		t.Fatal(err)
	}
	if got := names(t, templates); !slices.Equal(got, []string{"a.yaml"}) {
		t.Fatalf("after the first write templates/ holds %q, want the abandoned file swept", got)
	}

	second := tempName("b.yaml", owner{dead, "1", self.scope}, 2)
	touch(t, filepath.Join(templates, second))
	touch(t, filepath.Join(policies, first))
	if err := WriteFile(filepath.Join(root, "policies", "..", "templates", "b.yaml"), []byte("b")); err != nil {
		t.Fatal(err)
	}
	if got := names(t, templates); !slices.Equal(got, []string{second, "a.yaml", "b.yaml"}) {
		t.Errorf("after a second write templates/ holds %q, want it not swept again", got)
	}
	if err := WriteFile(filepath.Join(policies, "p.json"), []byte("p")); err != nil {
		t.Fatal(err)
	}
	if got := names(t, policies); !slices.Equal(got, []string{"p.json"}) {
		t.Errorf("after its first write policies/ holds %q, want it swept", got)
	}
}
