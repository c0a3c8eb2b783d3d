package access_test

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/landform/landform/internal/kinds/access"
	"github.com/landform/landform/internal/testutil"
)

// TestProfiles: the example's AWS CLI profiles match their golden file;
// in each team's file every source_profile is a profile defined above it,
// so the CLI can follow each chain back to the team's login; each role the
// team reaches (describe access) has a profile; Terraform runs as
// terraform where the team may assume it, else as planner.
func TestProfiles(t *testing.T) {
	s := loadExample(t, nil)
	files, err := s.Export("profiles", nil)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, f := range files {
		fmt.Fprintf(&b, "== %s/%s\n%s", f.Dir, f.Name, f.Data)
	}
	testutil.Golden(t, filepath.Join("testdata", "golden", "profiles.txt"), []byte(b.String()))

	const org = "acme"
	reaches := map[string][]access.Access{}
	for _, a := range s.(interface{ Matrix() []access.Access }).Matrix() {
		reaches[a.Team] = append(reaches[a.Team], a)
	}
	section := regexp.MustCompile(`(?m)^\[profile ([^\]]+)\]$`)
	source := regexp.MustCompile(`(?m)^source_profile = (.+)$`)
	teams := 0
	for _, f := range files {
		team, ok := strings.CutSuffix(strings.TrimPrefix(f.Name, org+"-"), ".config")
		if !ok {
			continue
		}
		teams++
		defined := map[string]bool{}
		for _, block := range strings.Split(string(f.Data), "\n\n") {
			m := section.FindStringSubmatch(block)
			if m == nil {
				continue
			}
			if src := source.FindStringSubmatch(block); src != nil && !defined[src[1]] {
				t.Errorf("%s: profile %s takes source_profile %s, not defined above it", f.Name, m[1], src[1])
			}
			defined[m[1]] = true
		}
		for _, a := range reaches[team] {
			if name := org + "-" + a.Account + "-" + a.Role; !defined[name] {
				t.Errorf("%s: no profile %s, though team %s reaches %s@%s", f.Name, name, team, a.Role, a.Account)
			}
		}
	}
	if teams == 0 {
		t.Fatal("no team's profiles")
	}
	for _, f := range files {
		if !strings.HasSuffix(f.Name, "-terraform.json") {
			continue
		}
		var tf struct {
			Team     string `json:"team"`
			Accounts map[string]struct {
				Role string `json:"role"`
			} `json:"accounts"`
		}
		if err := json.Unmarshal(f.Data, &tf); err != nil {
			t.Fatal(err)
		}
		for acct, ta := range tf.Accounts {
			want := "planner"
			for _, a := range reaches[tf.Team] {
				if a.Account == acct && a.Role == "terraform" {
					want = "terraform"
				}
			}
			if ta.Role != want {
				t.Errorf("%s: %s runs Terraform as %s, want %s", f.Name, acct, ta.Role, want)
			}
		}
	}
}
