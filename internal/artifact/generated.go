package artifact

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"

	"github.com/landform/landform/internal/cfn"
	"github.com/landform/landform/internal/finding"
)

// UseGenerated makes the artifact the template generate wrote — data, the
// file at path — after checking it is byte for byte what the config builds
// now in that file's format (its SHA-256 is the artifact's). A reviewed
// template is then deployed as it was reviewed, and a stale or edited one
// is refused (LF-STK-002) rather than sent.
func (a *Artifact) UseGenerated(path string, data []byte) (finding.List, error) {
	format := cfn.YAML
	if filepath.Ext(path) == cfn.JSON.Ext() {
		format = cfn.JSON
	}
	want := a.Body
	if format != a.Format {
		var err error
		if want, err = a.Template.Encode(format); err != nil {
			return nil, err
		}
	}
	if !bytes.Equal(data, want) {
		var fs finding.List
		fs.Add(finding.Finding{Rule: "LF-STK-002", Severity: finding.Error, Pos: finding.Pos{File: path},
			Message: fmt.Sprintf("%s is not what %s builds now (sha256 %s, the config gives %s)", path, a.Config, short(data), short(want)),
			Hint:    fmt.Sprintf("run landform generate -c %s and review the change, or leave out --generated to deploy what the config builds", a.Config)})
		return fs, nil
	}
	a.Body, a.Format, a.Path = data, format, path
	a.Send = cfn.Sending(data, a.Tree)
	return nil, nil
}

func short(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])[:12]
}
