// Package moto starts the project's AWS-wire test endpoint,
// test/moto/server (moto_server with landform's plugin), on 127.0.0.1 and a
// free port, and hands tests an aws.Config pointed at it. The server is
// stopped by its PID when the test ends. A missing moto fails the test: CI
// must never pass by skipping the AWS side.
package moto

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
)

// Account is the account id moto answers for (its default).
const Account = "123456789012"

// Region is the region tests use unless they ask for another.
const Region = "us-east-1"

// Server is one running test/moto/server process.
type Server struct {
	URL string // http://127.0.0.1:PORT
	Pid int
	Log *bytes.Buffer // what the server printed, shown when a test fails

	mu sync.Mutex
}

// Start runs test/moto/server on a free port and waits until it answers.
// The server is killed when t ends.
func Start(t testing.TB) *Server {
	t.Helper()
	bin := filepath.Join(repoRoot(t), "test", "moto", "server")
	if _, err := os.Stat(bin); err != nil {
		t.Fatalf("moto test endpoint missing: %v", err)
	}
	var lastErr error
	for attempt := 0; attempt < 3; attempt++ {
		port := freePort(t)
		s := &Server{URL: "http://127.0.0.1:" + strconv.Itoa(port), Log: &bytes.Buffer{}}
		cmd := exec.Command(bin, "-H", "127.0.0.1", "-p", strconv.Itoa(port))
		cmd.Stdout, cmd.Stderr = syncWriter{s}, syncWriter{s}
		cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
		// moto's request recorder writes to a file in its working
		// directory by default: keep it out of the source tree.
		cmd.Dir = t.TempDir()
		cmd.Env = append(os.Environ(), "MOTO_RECORDER_FILEPATH="+filepath.Join(cmd.Dir, "recording.jsonl"))
		if err := cmd.Start(); err != nil {
			t.Fatalf("starting %s (it needs python3 with moto 5.2.1, part of the machine image): %v", bin, err)
		}
		s.Pid = cmd.Process.Pid
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		if err := s.waitReady(done); err != nil {
			_ = syscall.Kill(-s.Pid, syscall.SIGKILL)
			lastErr = fmt.Errorf("%v\nserver output:\n%s", err, s.output())
			continue
		}
		t.Cleanup(func() {
			_ = syscall.Kill(-s.Pid, syscall.SIGTERM)
			select {
			case <-done:
			case <-time.After(5 * time.Second):
				_ = syscall.Kill(-s.Pid, syscall.SIGKILL)
				<-done
			}
			if t.Failed() {
				t.Logf("moto server output:\n%s", s.output())
			}
		})
		return s
	}
	t.Fatalf("moto test endpoint did not start: %v", lastErr)
	return nil
}

type syncWriter struct{ s *Server }

func (w syncWriter) Write(p []byte) (int, error) {
	w.s.mu.Lock()
	defer w.s.mu.Unlock()
	return w.s.Log.Write(p)
}

func (s *Server) output() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.Log.String()
}

func (s *Server) waitReady(exited <-chan error) error {
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-exited:
			return fmt.Errorf("server exited: %v", err)
		default:
		}
		resp, err := http.Get(s.URL + "/moto-api/data.json")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return nil
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	return fmt.Errorf("no answer from %s within 30s", s.URL)
}

// Config is an aws.Config for the server: static test credentials, the
// given region (Region when empty), every service at s.URL.
func (s *Server) Config(region string) aws.Config {
	if region == "" {
		region = Region
	}
	return aws.Config{
		Region:       region,
		Credentials:  credentials.NewStaticCredentialsProvider("testing", "testing", ""),
		BaseEndpoint: aws.String(s.URL),
	}
}

// Reset forgets every resource in every region.
func (s *Server) Reset(t testing.TB) {
	t.Helper()
	s.post(t, "/moto-api/reset", nil)
}

// Authorize turns IAM authorization on from the next request: every call
// must then be signed by a known identity (an IAM user's access key, or an
// assumed role's session), and is decided against its policies
// (test/moto/README.md says on which resources).
func (s *Server) Authorize(t testing.TB) {
	t.Helper()
	s.post(t, "/moto-api/reset-auth", []byte("0"))
}

// StartRecording starts moto's request recorder afresh.
func (s *Server) StartRecording(t testing.TB) {
	t.Helper()
	s.post(t, "/moto-api/recorder/reset-recording", nil)
	s.post(t, "/moto-api/recorder/start-recording", nil)
}

// Request is one request moto recorded.
type Request struct {
	Method  string            `json:"method"`
	URL     string            `json:"url"`
	Headers map[string]string `json:"headers"`
	Body    string            `json:"body"`
	// BodyEncoded says moto stored Body in base64 (it does for bytes).
	BodyEncoded bool `json:"body_encoded"`
}

// Recording stops the recorder and returns what it saw, oldest first.
func (s *Server) Recording(t testing.TB) []Request {
	t.Helper()
	s.post(t, "/moto-api/recorder/stop-recording", nil)
	resp, err := http.Get(s.URL + "/moto-api/recorder/download-recording")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out []Request
	dec := json.NewDecoder(resp.Body)
	for dec.More() {
		var r Request
		if err := dec.Decode(&r); err != nil {
			t.Fatalf("reading moto's recording: %v", err)
		}
		if r.BodyEncoded {
			b, err := base64.StdEncoding.DecodeString(r.Body)
			if err != nil {
				t.Fatalf("moto's recording: body of %s %s: %v", r.Method, r.URL, err)
			}
			r.Body, r.BodyEncoded = string(b), false
		}
		out = append(out, r)
	}
	return out
}

func (s *Server) post(t testing.TB, path string, body []byte) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, s.URL+path, bytes.NewReader(body))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("moto %s: %v", path, err)
	}
	resp.Body.Close()
	if resp.StatusCode >= 300 {
		t.Fatalf("moto %s: HTTP %d", path, resp.StatusCode)
	}
}

func freePort(t testing.TB) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func repoRoot(t testing.TB) string {
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's directory")
		}
		dir = parent
	}
}
