package workdir

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// Dir is the root of the output directories.
type Dir struct {
	Root string
}

// Path returns the path of name inside directory dir of the workspace.
func (w Dir) Path(dir, name string) string {
	return filepath.Join(w.Root, dir, name)
}

// WriteFile writes data to path atomically: it writes a temporary file in the
// same directory, syncs it and renames it over path. On any error the
// temporary file is removed and path is untouched. The first write into a
// directory in a process first removes the temporary files that killed
// writers left there (see the package comment).
func WriteFile(path string, data []byte) (err error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return notWritable(dir, fmt.Errorf("creating directory %s: %w", dir, err))
	}
	s := processSweeper()
	s.sweepOnce(dir)
	tmp, err := createTemp(dir, filepath.Base(path), s.self)
	if err != nil {
		return notWritable(dir, fmt.Errorf("writing %s: %w", path, err))
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err := tmp.Write(data); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

// notWritable says what to do when the work directory refuses a write
// (permissions, a read-only mount): the error alone names only the file.
func notWritable(dir string, err error) error {
	if errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS) {
		return fmt.Errorf("%w: the work directory is not writable; give --workdir a directory you can write to "+
			"(in a container, mount one at /work: docker run -v \"$PWD/out:/work\" …)", err)
	}
	return err
}
