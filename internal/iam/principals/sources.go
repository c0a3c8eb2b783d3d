package principals

import (
	"fmt"
	"strings"

	"github.com/landform/landform/internal/cfn"
)

// ParseTemplate makes a Source of a CloudFormation template file (YAML or
// JSON, short-form intrinsics such as !Ref allowed).
func ParseTemplate(file string, data []byte, account string) (Source, error) {
	tree, fs := cfn.Parse(file, data)
	if tree == nil || fs.HasErrors() {
		var msgs []string
		for _, f := range fs {
			msgs = append(msgs, f.Pos.String()+": "+f.Message)
		}
		return Source{}, fmt.Errorf("%s: not a readable CloudFormation template: %s", file, strings.Join(msgs, "; "))
	}
	doc, _ := tree.Root.Interface().(map[string]any)
	return Source{File: file, Account: account, Template: doc}, nil
}
