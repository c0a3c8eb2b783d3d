package sec

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/landform/landform/internal/iam"
)

// groupPolicies is how a group's permissions are written: its inline
// policies while they fit IAM's 5,120 characters per group; beyond that the
// inline policy templates move into managed policies split under 6,144
// characters each (the splitter the access kind uses), attached to the
// group, and only the assume-roles policy stays inline.
func (s *spec) groupPolicies(g *groupRes, style arnStyle) (in []inline, overflow []iam.Doc, err error) {
	all := s.groupInline(g, style)
	if inlineTotal(all) <= iam.MaxGroupInlineTotal {
		return all, nil, nil
	}
	var stmts []iam.Statement
	for _, p := range g.Inline {
		prefix := camelID(p.Name)
		for _, st := range p.Doc.Statement {
			st.Sid = prefix + st.Sid // Sids repeat across templates
			stmts = append(stmts, st)
		}
	}
	overflow, err = iam.Split(stmts, iam.MaxManagedPolicySize)
	if err != nil {
		return nil, nil, err
	}
	if p := s.assumePolicy(g, style); len(p.Statement) > 0 {
		in = []inline{{Name: "assume-roles", Doc: p}}
	}
	return in, overflow, nil
}

// overflowName names a group's overflow document
// ({prefix}-policy-group-{name}-{slot}-{hash}, inside the operator policy's
// {prefix}-policy-* names): its slot and a hash of its content, so a changed
// document is a new policy CloudFormation attaches before it deletes the old
// one.
func overflowName(g *groupRes, d iam.Doc) (name, logicalID string) {
	raw, _ := d.Policy().JSON()
	sum := sha256.Sum256(raw)
	h := hex.EncodeToString(sum[:])[:6]
	name = fmt.Sprintf("%s-%d-%s", strings.Replace(g.IAMName, "-group-", "-policy-group-", 1), d.Slot+1, h)
	return name, fmt.Sprintf("%sInline%d%s", g.LogicalID, d.Slot+1, strings.ToUpper(h))
}

// camelID turns a template id (s3/level2) into a Sid prefix (S3Level2).
func camelID(id string) string {
	var b strings.Builder
	for _, part := range strings.FieldsFunc(id, func(r rune) bool { return r == '/' || r == '-' || r == '_' }) {
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return b.String()
}
