package workdir

import (
	"bufio"
	"bytes"
	"errors"
	"flag"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

var killSeed = flag.Uint64("killseed", 0, "seed of the kill tests' delays and contents; 0 picks one from the clock")

// killTargets are the files the kill tests write, spread over the work
// directory's subdirectories as generate and export spread theirs.
var killTargets = []string{
	"templates/shop-sg.yaml", "templates/shop-ml.yaml", "policies/operator.json",
	"groups/admins.json", "roles/deployer.json", "reports/shop.html",
}

// buildKillme builds testdata/killme into a temporary directory.
func buildKillme(t *testing.T) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the kill tests build testdata/killme: %v", err)
	}
	bin := filepath.Join(t.TempDir(), "killme")
	if out, err := exec.Command(goTool, "build", "-o", bin, "./testdata/killme").CombinedOutput(); err != nil {
		t.Fatalf("building testdata/killme: %v\n%s", err, out)
	}
	return bin
}

// writeVersion writes a version of killTargets under dir, each of 256 KiB to
// 1 MiB of random bytes, and returns it by target.
func writeVersion(t *testing.T, rng *rand.Rand, dir string) map[string][]byte {
	t.Helper()
	version := map[string][]byte{}
	for _, rel := range killTargets {
		data := make([]byte, 256<<10+rng.IntN(768<<10))
		for i := range data {
			data[i] = byte(rng.Uint32())
		}
		version[rel] = data
		path := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return version
}

// startKillme starts killme and waits until it has read its versions.
func startKillme(t *testing.T, args ...string) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	cmd := exec.Command(args[0], args[1:]...)
	stderr := new(bytes.Buffer)
	cmd.Stderr = stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if line, err := bufio.NewReader(stdout).ReadString('\n'); line != "ready\n" {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("killme did not start: %q, %v\n%s", line, err, stderr)
	}
	return cmd, stderr
}

// tempFiles returns the temporary files under root: every name with ".tmp-".
func tempFiles(t *testing.T, root string) []string {
	t.Helper()
	var temps []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err == nil && strings.Contains(d.Name(), ".tmp-") {
			temps = append(temps, path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return temps
}

func seed(t *testing.T) uint64 {
	s := *killSeed
	if s == 0 {
		s = uint64(time.Now().UnixNano())
	}
	t.Logf("seed %d (rerun with -killseed=%d)", s, s)
	return s
}

// TestKillme runs testdata/killme, built once, in the kill tests.
func TestKillme(t *testing.T) {
	bin := buildKillme(t)
	t.Run("KillDuringWrite", func(t *testing.T) { testKillDuringWrite(t, bin) })
	t.Run("SweepSparesLiveWriter", func(t *testing.T) { testSweepSparesLiveWriter(t, bin) })
}

// testKillDuringWrite kills writers at random points, then checks that the
// targets were never torn and that one clean run leaves no temporary file.
func testKillDuringWrite(t *testing.T, bin string) {
	t.Parallel()
	const kills = 30
	rng := rand.New(rand.NewPCG(seed(t), 0))
	src, root := t.TempDir(), filepath.Join(t.TempDir(), "work")
	var versions []map[string][]byte
	var dirs []string
	for _, name := range []string{"a", "b", "final"} {
		dirs = append(dirs, filepath.Join(src, name))
		versions = append(versions, writeVersion(t, rng, dirs[len(dirs)-1]))
	}

	seen, most := map[string]bool{}, 0 // every temporary file any kill left, and the most at once
	for i := range kills {
		cmd, stderr := startKillme(t, bin, "-loop", root, dirs[0], dirs[1])
		delay := time.Duration(rng.IntN(20_001)) * time.Microsecond
		time.Sleep(delay)
		cmd.Process.Kill()
		err := cmd.Wait()
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
			t.Fatalf("kill %d: the writer ended by itself before the kill (%v)\n%s", i, err, stderr)
		}
		temps := tempFiles(t, root)
		t.Logf("kill %d after %v: %d temporary files", i, delay, len(temps))
		most = max(most, len(temps))
		for _, path := range temps {
			seen[path] = true
			if _, ok := parseTempName(filepath.Base(path)); !ok {
				t.Errorf("kill %d left %s, which the sweep does not recognise", i, path)
			}
		}
		for _, rel := range killTargets { // a target is absent or one whole version
			got, err := os.ReadFile(filepath.Join(root, rel))
			if err != nil && !errors.Is(err, fs.ErrNotExist) {
				t.Fatal(err)
			}
			if err == nil && !bytes.Equal(got, versions[0][rel]) && !bytes.Equal(got, versions[1][rel]) {
				t.Errorf("kill %d tore %s: %d bytes, neither version", i, rel, len(got))
			}
		}
	}
	before := len(tempFiles(t, root))
	if len(seen) == 0 {
		t.Fatalf("no kill of %d interrupted a write, so nothing was tested", kills)
	}

	if out, err := exec.Command(bin, root, dirs[2]).CombinedOutput(); err != nil {
		t.Fatalf("clean run: %v\n%s", err, out)
	}
	after := tempFiles(t, root)
	t.Logf("%d kills left %d temporary files (at most %d at once), %d before the clean run, %d after",
		kills, len(seen), most, before, len(after))
	if len(after) != 0 {
		t.Errorf("the clean run left %q", after)
	}
	for _, rel := range killTargets {
		if got, err := os.ReadFile(filepath.Join(root, rel)); err != nil || !bytes.Equal(got, versions[2][rel]) {
			t.Errorf("%s after the clean run: %d bytes, %v; want the final %d bytes", rel, len(got), err, len(versions[2][rel]))
		}
	}
}

// testSweepSparesLiveWriter runs writers while another keeps writing the same
// targets: their sweeps must never take its temporary files, which would fail
// its rename.
func testSweepSparesLiveWriter(t *testing.T, bin string) {
	t.Parallel()
	const runs = 20
	rng := rand.New(rand.NewPCG(seed(t), 1))
	src, root := t.TempDir(), filepath.Join(t.TempDir(), "work")
	var dirs []string
	for _, name := range []string{"a", "b"} {
		dirs = append(dirs, filepath.Join(src, name))
		writeVersion(t, rng, dirs[len(dirs)-1])
	}
	live, stderr := startKillme(t, bin, "-loop", root, dirs[0], dirs[1])
	exited := make(chan error, 1)
	go func() { exited <- live.Wait() }()
	defer func() {
		live.Process.Kill()
		<-exited
	}()

	for i := range runs {
		if out, err := exec.Command(bin, root, dirs[i%2]).CombinedOutput(); err != nil {
			t.Fatalf("run %d beside the live writer: %v\n%s", i, err, out)
		}
		select {
		case err := <-exited:
			exited <- err
			t.Fatalf("the live writer failed after run %d: %v\n%s", i, err, stderr)
		default:
		}
	}
}
