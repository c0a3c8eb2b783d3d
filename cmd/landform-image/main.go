// Command landform-image writes landform's container image as a tarball
// (docker load / podman load), from a static linux binary, with no
// container runtime and nothing pulled: scripts/image.sh builds both.
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/v1/tarball"

	"github.com/landform/landform/internal/image"
	"github.com/landform/landform/internal/version"
)

func main() {
	binary := flag.String("binary", "", "the static linux landform binary (CGO_ENABLED=0 go build ./cmd/landform)")
	out := flag.String("out", "landform-image.tar", "the image tarball to write")
	revision := flag.String("revision", "", "the VCS revision built, for the image's labels")
	flag.Parse()
	if err := run(*binary, *out, *revision); err != nil {
		fmt.Fprintln(os.Stderr, "landform-image:", err)
		os.Exit(1)
	}
}

func run(binary, out, revision string) error {
	if binary == "" {
		return fmt.Errorf("-binary is required")
	}
	data, err := os.ReadFile(binary)
	if err != nil {
		return err
	}
	img, err := image.Build(data, image.Meta{Version: version.Version, Revision: revision,
		Source: "https://github.com/landform/landform", Created: time.Unix(0, 0).UTC()})
	if err != nil {
		return err
	}
	tag, err := name.NewTag("landform:" + version.Version)
	if err != nil {
		return err
	}
	if err := tarball.WriteToFile(out, tag, img); err != nil {
		return err
	}
	fmt.Printf("wrote %s (landform:%s); load it with: docker load -i %s\n", out, version.Version, out)
	return nil
}
