package workdir

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "templates", "x.yaml")
	if err := WriteFile(path, []byte("one")); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(path, []byte("two")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "two" {
		t.Errorf("content %q", b)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("temporary files left behind: %v", entries)
	}
}

func TestWriteFileFailureLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "out.json")
	if err := os.Mkdir(target, 0o755); err != nil { // a directory where the file should go: rename fails
		t.Fatal(err)
	}
	if err := WriteFile(target, []byte("x")); err == nil {
		t.Fatal("writing over a directory succeeded")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 || entries[0].Name() != "out.json" || !entries[0].IsDir() {
		t.Errorf("failed write left files: %v", entries)
	}
}

// TestReadOnlyWorkdir: a work directory the process cannot write is an
// error that says so and what to do, not only the file's name. (Run as
// root, the test drops nothing: root writes anywhere, so it checks the
// message on the error a read-only directory gives a normal user.)
func TestReadOnlyWorkdir(t *testing.T) {
	dir := t.TempDir()
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o755) })
	err := WriteFile(filepath.Join(dir, "templates", "a.yaml"), []byte("x"))
	if os.Geteuid() == 0 {
		err = notWritable(dir, &os.PathError{Op: "mkdir", Path: dir + "/templates", Err: syscall.EACCES})
	}
	if err == nil || !strings.Contains(err.Error(), "the work directory is not writable; give --workdir a directory you can write to") {
		t.Fatalf("err = %v", err)
	}
}
