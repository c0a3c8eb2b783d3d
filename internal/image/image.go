// Package image builds landform's container image without a container
// runtime or registry: one layer holding the static binary and an empty
// work directory owned by UID 1000, on no base image, with the config the
// source documents ask for (a non-root user, no listener, no environment
// but PATH). go-containerregistry writes it as a docker/OCI tarball that
// `docker load` or `podman load` reads.
package image

import (
	"archive/tar"
	"bytes"
	"fmt"
	"io"
	"time"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// User is the image's user and group: not root.
const User = "1000:1000"

// Meta labels the image.
type Meta struct {
	Version  string // landform's version
	Revision string // the VCS revision built, if known
	Source   string // where the source is
	Created  time.Time
}

// Build makes the image from a static linux binary of landform.
func Build(binary []byte, m Meta) (v1.Image, error) {
	layer, err := tarball.LayerFromOpener(func() (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(layerTar(binary, m.Created))), nil
	}, tarball.WithMediaType(types.OCILayer))
	if err != nil {
		return nil, err
	}
	img, err := mutate.AppendLayers(mutate.MediaType(empty.Image, types.OCIManifestSchema1), layer)
	if err != nil {
		return nil, err
	}
	img = mutate.ConfigMediaType(img, types.OCIConfigJSON)
	cf, err := img.ConfigFile()
	if err != nil {
		return nil, err
	}
	cf = cf.DeepCopy()
	cf.Architecture, cf.OS, cf.Created = "amd64", "linux", v1.Time{Time: m.Created}
	cf.Config = v1.Config{
		User:       User,
		WorkingDir: "/work",
		Entrypoint: []string{"/landform"},
		Env:        []string{"PATH=/"},
		Labels: map[string]string{
			"org.opencontainers.image.title":    "landform",
			"org.opencontainers.image.version":  m.Version,
			"org.opencontainers.image.revision": m.Revision,
			"org.opencontainers.image.source":   m.Source,
		},
	}
	return mutate.ConfigFile(img, cf)
}

// layerTar is the one layer: /landform (0755) and /work, owned by User,
// with fixed times so the same binary gives the same layer.
func layerTar(binary []byte, at time.Time) []byte {
	var b bytes.Buffer
	tw := tar.NewWriter(&b)
	must := func(err error) {
		if err != nil {
			panic(fmt.Sprintf("writing to a bytes.Buffer: %v", err)) // cannot fail
		}
	}
	must(tw.WriteHeader(&tar.Header{Name: "work/", Typeflag: tar.TypeDir, Mode: 0o755, Uid: 1000, Gid: 1000, ModTime: at}))
	must(tw.WriteHeader(&tar.Header{Name: "landform", Typeflag: tar.TypeReg, Mode: 0o755, Size: int64(len(binary)), ModTime: at}))
	_, err := tw.Write(binary)
	must(err)
	must(tw.Close())
	return b.Bytes()
}
