package cli

import (
	"bytes"
	"io"
	"sync"
)

// lines is a writer shared by stacks that run at once: each writes whole
// lines through it, with a prefix that names the stack, so that their
// events interleave by line and stay readable.
type lines struct {
	mu sync.Mutex
	w  io.Writer
}

// prefixed is one stack's view of a shared writer.
type prefixed struct {
	to     *lines
	prefix string
	buf    []byte
}

func (l *lines) with(prefix string) *prefixed { return &prefixed{to: l, prefix: prefix} }

// Write passes on each complete line, prefixed; the rest waits for its
// newline (or Flush).
func (p *prefixed) Write(b []byte) (int, error) {
	p.buf = append(p.buf, b...)
	for {
		i := bytes.IndexByte(p.buf, '\n')
		if i < 0 {
			return len(b), nil
		}
		if err := p.line(p.buf[:i+1]); err != nil {
			return len(b), err
		}
		p.buf = p.buf[i+1:]
	}
}

// Flush passes on a last line without its newline.
func (p *prefixed) Flush() error {
	if len(p.buf) == 0 {
		return nil
	}
	err := p.line(append(p.buf, '\n'))
	p.buf = nil
	return err
}

func (p *prefixed) line(b []byte) error {
	p.to.mu.Lock()
	defer p.to.mu.Unlock()
	if _, err := io.WriteString(p.to.w, p.prefix); err != nil {
		return err
	}
	_, err := p.to.w.Write(b)
	return err
}
