package image

import (
	"archive/tar"
	"debug/elf"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
)

// staticBinary builds landform as the image ships it: static, for linux.
func staticBinary(t *testing.T) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "landform")
	cmd := exec.Command("go", "build", "-trimpath", "-o", out, "../../cmd/landform")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, b)
	}
	return out
}

// TestImage builds the image tarball, reads it back as a runtime would and
// checks what the source documents ask of it; then runs the binary from
// the image's own layer (unpacked: this machine has a docker client but no
// daemon), as UID 1000, against a read-only config directory.
func TestImage(t *testing.T) {
	bin := staticBinary(t)
	data, err := os.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	meta := Meta{Version: "9.9.9", Revision: "abc123", Source: "https://example.invalid/landform", Created: time.Unix(0, 0).UTC()}
	img, err := Build(data, meta)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := Build(data, meta)
	d1, _ := img.Digest()
	d2, _ := again.Digest()
	if d1 != d2 {
		t.Errorf("two builds of one binary: %s and %s", d1, d2)
	}
	path := filepath.Join(t.TempDir(), "image.tar")
	tag, _ := name.NewTag("landform:9.9.9")
	if err := tarball.WriteToFile(path, tag, img); err != nil {
		t.Fatal(err)
	}
	read, err := tarball.ImageFromPath(path, &tag)
	if err != nil {
		t.Fatal(err)
	}
	cf, err := read.ConfigFile()
	if err != nil {
		t.Fatal(err)
	}
	c := cf.Config
	if c.User != "1000:1000" || c.WorkingDir != "/work" || !slices.Equal(c.Entrypoint, []string{"/landform"}) || len(c.Cmd) != 0 {
		t.Errorf("user %q, workdir %q, entrypoint %q, cmd %q", c.User, c.WorkingDir, c.Entrypoint, c.Cmd)
	}
	if len(c.ExposedPorts) != 0 {
		t.Errorf("exposed ports %v: landform listens on nothing", c.ExposedPorts)
	}
	if !slices.Equal(c.Env, []string{"PATH=/"}) {
		t.Errorf("environment %q: the image carries no credentials or settings", c.Env)
	}
	if c.Labels["org.opencontainers.image.version"] != "9.9.9" || c.Labels["org.opencontainers.image.revision"] != "abc123" {
		t.Errorf("labels %v", c.Labels)
	}
	layers, err := read.Layers()
	if err != nil || len(layers) != 1 {
		t.Fatalf("%d layers (%v), want the binary's one", len(layers), err)
	}

	// Unpack the layer, and check the binary is static (no interpreter:
	// the image has no libc).
	// Unpacked where UID 1000 can reach it (t.TempDir's parents are 0700).
	root, err := os.MkdirTemp("", "landform-image-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(root) })
	if err := os.Chmod(root, 0o755); err != nil {
		t.Fatal(err)
	}
	rc, err := layers[0].Uncompressed()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	tr := tar.NewReader(rc)
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, h.Name)
		target := filepath.Join(root, h.Name)
		if h.Typeflag == tar.TypeDir {
			if err := os.MkdirAll(target, os.FileMode(h.Mode)); err != nil {
				t.Fatal(err)
			}
			if h.Uid != 1000 {
				t.Errorf("%s is owned by %d, not the image's user", h.Name, h.Uid)
			}
			continue
		}
		f, err := os.OpenFile(target, os.O_CREATE|os.O_WRONLY, os.FileMode(h.Mode))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(f, tr); err != nil {
			t.Fatal(err)
		}
		f.Close()
	}
	if !slices.Equal(names, []string{"work/", "landform"}) {
		t.Errorf("layer holds %v", names)
	}
	ef, err := elf.Open(filepath.Join(root, "landform"))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ef.Progs {
		if p.Type == elf.PT_INTERP {
			t.Error("the binary needs a dynamic loader; the image has none (build with CGO_ENABLED=0)")
		}
	}
	ef.Close()

	// Run it as the image's user: configs read-only, outputs only in the
	// work directory; a read-only work directory is a clear error.
	configs := filepath.Join(root, "configs")
	if err := os.MkdirAll(configs, 0o755); err != nil {
		t.Fatal(err)
	}
	cfg, err := os.ReadFile("../../examples/sec/startup.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(configs, "startup.yaml"), cfg, 0o444); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(configs, 0o555); err != nil {
		t.Fatal(err)
	}
	work := filepath.Join(root, "work")
	if os.Geteuid() == 0 {
		if err := os.Chown(work, 1000, 1000); err != nil {
			t.Fatal(err)
		}
	}
	landform := func(dir string, args ...string) (string, error) {
		cmd := exec.Command(filepath.Join(root, "landform"), args...)
		cmd.Dir = dir
		cmd.Env = []string{"PATH=/", "HOME=" + dir}
		if os.Geteuid() == 0 {
			cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 1000, Gid: 1000}}
		} else {
			t.Log("not root: the binary runs as this user, not UID 1000")
		}
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	if out, err := landform(work, "generate", "-c", filepath.Join(configs, "startup.yaml")); err != nil {
		t.Fatalf("generate in the image: %v\n%s", err, out)
	}
	if _, err := os.Stat(filepath.Join(work, "templates", "acme-dev-t001-us-east-1-startup-sec.yaml")); err != nil {
		t.Error(err)
	}
	if entries, _ := os.ReadDir(configs); len(entries) != 1 {
		t.Errorf("the config directory holds %d entries: landform wrote into it", len(entries))
	}
	if err := os.Chmod(work, 0o555); err != nil {
		t.Fatal(err)
	}
	out, err := landform(work, "export", "-c", filepath.Join(configs, "startup.yaml"))
	if err == nil || !strings.Contains(out, "the work directory is not writable") {
		t.Errorf("export into a read-only work directory: %v\n%s", err, out)
	}
	os.Chmod(work, 0o755)
}
