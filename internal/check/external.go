package check

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/landform/landform/internal/cfn"
	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/iam"
	"github.com/landform/landform/internal/yamltree"
)

// accountID is a 12-digit AWS account id, alone or inside an ARN.
var accountID = regexp.MustCompile(`(^|[^0-9])([0-9]{12})([^0-9]|$)`)

// AccountsIn are the 12-digit account ids written in data (a config): the
// accounts it names are the ones its templates may trust.
// An id is a run of exactly 12 digits; runs that share a separator
// ("111122223333,444455556666") are both found.
func AccountsIn(data []byte) []string {
	seen := map[string]bool{}
	for i := 0; i < len(data); {
		if data[i] < '0' || data[i] > '9' {
			i++
			continue
		}
		j := i
		for j < len(data) && data[j] >= '0' && data[j] <= '9' {
			j++
		}
		if j-i == 12 {
			seen[string(data[i:j])] = true
		}
		i = j
	}
	return slices.Sorted(maps.Keys(seen))
}

// ExternalPrincipals is the set that reports, in trust and resource
// policies, an Allow to an AWS principal of an account that is neither the
// stack's own (${AWS::AccountId}) nor in known (LF-IAM-018): a trust to an
// account nobody listed is how a foundation leaks. check passes the accounts
// of --allow-external-principals; the build stage, those its config names.
func ExternalPrincipals(known []string) RuleSet {
	return RuleSet{Owner: "check", Check: func(t *yamltree.Tree) finding.List {
		var fs finding.List
		res := t.Root.Get("Resources")
		if res == nil || res.Kind != yamltree.Map {
			return nil
		}
		for _, e := range res.Entries {
			typ, _ := e.Value.Get("Type").String()
			for _, prop := range slices.Sorted(maps.Keys(policyProps[typ])) {
				if policyProps[typ][prop] == iam.Identity {
					continue // no principals
				}
				doc := e.Value.Get("Properties").Get(prop)
				path := yamltree.ChildPath("Resources", e.Key) + ".Properties." + prop
				for i, st := range cfn.Values(doc.Get("Statement")) {
					if effect, _ := st.Get("Effect").String(); effect != "Allow" {
						continue
					}
					for _, p := range cfn.Values(st.Get("Principal").Get("AWS")) {
						s, ok := p.String()
						if !ok {
							continue
						}
						m := accountID.FindStringSubmatch(s)
						if m == nil || slices.Contains(known, m[2]) {
							continue
						}
						fs.Warnf("LF-IAM-018", p.Pos, fmt.Sprintf("%s.Statement[%d].Principal.AWS", path, i),
							"if the account is intended, allow it: check --allow-external-principals "+m[2]+" (a config that names the account allows it itself); otherwise remove the principal",
							"%s lets account %s in (%s), an account no config or allow-list names", e.Key, m[2], strings.TrimSpace(s))
					}
				}
			}
		}
		return fs
	}}
}
