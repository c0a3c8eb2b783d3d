package finding

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// TestSARIFMatchesSchema validates WriteSARIF's output against the official
// SARIF 2.1.0 schema (sarif-2.1.0-rtm.5.json). scripts/test.sh fetches it
// from the npm package @microsoft/jest-sarif into .cache/sarif and sets
// LANDFORM_SARIF_SCHEMA. A plain go test finds it there once fetched, and
// says how to fetch it when it is not; under CI=true (scripts/test.sh sets
// it) a missing schema fails the test rather than passing unchecked.
func TestSARIFMatchesSchema(t *testing.T) {
	path := os.Getenv("LANDFORM_SARIF_SCHEMA")
	if path == "" {
		path = "../../.cache/sarif/package/lib/schemas/sarif-2.1.0-rtm.5.json"
	}
	if _, err := os.Stat(path); err != nil {
		msg := "the SARIF 2.1.0 schema is not at " + path + ": run ./scripts/test.sh once, which fetches it (npm @microsoft/jest-sarif)"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("sarif.json", doc); err != nil {
		t.Fatal(err)
	}
	schema, err := c.Compile("sarif.json")
	if err != nil {
		t.Fatal(err)
	}
	var l List
	l.Errorf("LF-CFN-002", Pos{File: "./templates/a.yaml", Line: 3, Column: 9}, "Resources.A.Properties.X", "name a resource", "Ref to unknown %q", "B")
	l.Warnf("LF-IAM-003", Pos{File: "templates/a.yaml", Line: 10, Column: 1}, "", "", "wide")
	l.Add(Finding{Rule: "LF-CFN-014", Severity: Note, Pos: Pos{File: "templates/a.yaml"}, Message: "big"})
	// Suppressed, in a suppressions file and in the template's Metadata.
	l.Warnf("LF-IAM-010", Pos{File: "templates/a.yaml", Line: 12, Column: 3}, "Resources.R", "", "passes any role")
	l[3].Suppress(Suppression{Kind: "external", By: "landform.suppressions.yaml:2:5", Reason: "break-glass", Owner: "security", Expires: "2099-12-31"})
	l.Errorf("LF-CFN-302", Pos{File: "templates/a.yaml", Line: 20, Column: 3}, "Resources.B", "", "public bucket")
	l[4].Suppress(Suppression{Kind: "inSource", By: "Resources.B.Metadata.landform.suppress", Reason: "website"})
	var b bytes.Buffer
	if err := WriteSARIF(&b, Tool{Name: "landform", Version: "0.1.0"}, []Rule{{ID: "LF-CFN-002", Severity: Error, Summary: "unknown ref"}}, l); err != nil {
		t.Fatal(err)
	}
	out, err := jsonschema.UnmarshalJSON(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if err := schema.Validate(out); err != nil {
		t.Fatalf("SARIF output is not valid SARIF 2.1.0: %v\n%s", err, b.String())
	}
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct{ Rules []struct{ ID string } }
			}
			Results []struct {
				RuleID       string
				RuleIndex    int
				Level        string
				Suppressions []struct {
					Kind, Status, Justification string
					Properties                  map[string]string
				}
			}
		}
	}
	if err := json.Unmarshal(b.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	if len(run.Results) != 5 || run.Results[1].Level != "warning" || run.Results[2].Level != "note" || len(run.Results[0].Suppressions) != 0 {
		t.Errorf("results: %+v", run.Results)
	}
	if s := run.Results[3].Suppressions; run.Results[3].Level != "note" || len(s) != 1 || s[0].Kind != "external" || s[0].Status != "accepted" ||
		s[0].Justification != "break-glass" || s[0].Properties["owner"] != "security" || s[0].Properties["expires"] != "2099-12-31" || s[0].Properties["severity"] != "warning" {
		t.Errorf("the suppressions file's result: %+v", run.Results[3])
	}
	if s := run.Results[4].Suppressions; len(s) != 1 || s[0].Kind != "inSource" || s[0].Properties["severity"] != "error" {
		t.Errorf("the Metadata suppression's result: %+v", run.Results[4])
	}
	for _, r := range run.Results {
		if run.Tool.Driver.Rules[r.RuleIndex].ID != r.RuleID {
			t.Errorf("ruleIndex %d does not point at %s", r.RuleIndex, r.RuleID)
		}
	}
}
