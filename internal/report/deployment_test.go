package report_test

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/landform/landform/internal/report"
	"github.com/landform/landform/internal/testutil"
)

var started = time.Date(2025, 3, 14, 9, 26, 53, 589_000_000, time.UTC)

// deployed is a successful update of a three-resource stack.
func deployed() report.Deployment {
	return report.Deployment{
		Stack:    "shop-prod-network",
		StackID:  "arn:aws:cloudformation:eu-west-1:123456789012:stack/shop-prod-network/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
		Kind:     "sg",
		Config:   "configs/shop-prod-network.yaml",
		Account:  "123456789012",
		Region:   "eu-west-1",
		Caller:   "arn:aws:sts::123456789012:assumed-role/deployer/alice",
		Status:   "UPDATE_COMPLETE",
		Outcome:  "Deployed: 2 changes applied.",
		Method:   "template body",
		Started:  started,
		Duration: 83*time.Second + 417_600*time.Microsecond,
		Outputs: map[string]string{
			"WebSecurityGroupId": "sg-0a1b2c3d4e5f60718",
			"AppSecurityGroupId": "sg-0123456789abcdef0",
			"DbSecurityGroupId":  "sg-0fedcba9876543210",
		},
		Resources: []report.Resource{
			{LogicalID: "WebSecurityGroup", PhysicalID: "sg-0a1b2c3d4e5f60718", Type: "AWS::EC2::SecurityGroup", Status: "UPDATE_COMPLETE"},
			{LogicalID: "AppSecurityGroup", PhysicalID: "sg-0123456789abcdef0", Type: "AWS::EC2::SecurityGroup", Status: "CREATE_COMPLETE"},
			{LogicalID: "DbSecurityGroup", PhysicalID: "sg-0fedcba9876543210", Type: "AWS::EC2::SecurityGroup", Status: "UPDATE_COMPLETE"},
		},
		Events: []report.Event{
			{Time: started.Add(2 * time.Second), LogicalID: "shop-prod-network", Type: "AWS::CloudFormation::Stack", Status: "UPDATE_IN_PROGRESS", Reason: "User Initiated"},
			{Time: started.Add(9 * time.Second), LogicalID: "AppSecurityGroup", Type: "AWS::EC2::SecurityGroup", Status: "CREATE_IN_PROGRESS"},
			{Time: started.Add(14 * time.Second), LogicalID: "AppSecurityGroup", PhysicalID: "sg-0123456789abcdef0", Type: "AWS::EC2::SecurityGroup", Status: "CREATE_COMPLETE"},
			{Time: started.Add(80 * time.Second), LogicalID: "shop-prod-network", Type: "AWS::CloudFormation::Stack", Status: "UPDATE_COMPLETE"},
		},
		Generator: "landform v1.4.0",
	}
}

// failedDeploy is an update that failed and rolled back.
func failedDeploy() report.Deployment {
	d := deployed()
	d.Status = "UPDATE_ROLLBACK_COMPLETE"
	d.Failed = true
	d.Outcome = "Failed: stack shop-prod-network: UPDATE_ROLLBACK_COMPLETE: AppSecurityGroup: CREATE_FAILED: The security group 'app' already exists for VPC 'vpc-0abc'"
	d.Resources[1].Status = "CREATE_FAILED"
	d.Events = []report.Event{
		{Time: started.Add(2 * time.Second), LogicalID: "shop-prod-network", Type: "AWS::CloudFormation::Stack", Status: "UPDATE_IN_PROGRESS", Reason: "User Initiated"},
		{Time: started.Add(9 * time.Second), LogicalID: "AppSecurityGroup", Type: "AWS::EC2::SecurityGroup", Status: "CREATE_IN_PROGRESS"},
		{Time: started.Add(11 * time.Second), LogicalID: "AppSecurityGroup", Type: "AWS::EC2::SecurityGroup", Status: "CREATE_FAILED", Reason: "The security group 'app' already exists for VPC 'vpc-0abc'"},
		{Time: started.Add(12 * time.Second), LogicalID: "shop-prod-network", Type: "AWS::CloudFormation::Stack", Status: "UPDATE_ROLLBACK_IN_PROGRESS", Reason: "The following resource(s) failed to create: [AppSecurityGroup]."},
		{Time: started.Add(20 * time.Second), LogicalID: "WebSecurityGroup", Type: "AWS::EC2::SecurityGroup", Status: "UPDATE_FAILED", Reason: "Resource update cancelled"},
		{Time: started.Add(31 * time.Second), LogicalID: "shop-prod-network", Type: "AWS::CloudFormation::Stack", Status: "UPDATE_ROLLBACK_COMPLETE"},
	}
	return d
}

// noChanges is a deploy whose change set was empty: nothing was executed.
func noChanges() report.Deployment {
	d := deployed()
	d.Outcome = "No changes: the stack already matches the template."
	d.Duration = 1500 * time.Millisecond
	d.Events = nil
	return d
}

func renderDeployment(t *testing.T, d report.Deployment) []byte {
	t.Helper()
	out, err := report.DeploymentHTML(d)
	if err != nil {
		t.Fatalf("DeploymentHTML: %v", err)
	}
	return out
}

func TestDeploymentHTMLDocument(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		d    report.Deployment
	}{
		{"deployed", deployed()},
		{"failed", failedDeploy()},
		{"no-changes", noChanges()},
		{"zero", report.Deployment{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			out := renderDeployment(t, tc.d)
			root := mustParse(t, out)
			checkPage(t, root, tc.d.Stack+": deployment report")
			b := body(root)
			if got, want := b.one(t, "h1").textContent(), "Deployment report: "+tc.d.Stack; got != want {
				t.Errorf("h1 %q, want %q", got, want)
			}
			var h2 []string
			for _, h := range b.byTag("h2") {
				h2 = append(h2, h.textContent())
			}
			want := []string{
				fmt.Sprintf("Outputs (%d)", len(tc.d.Outputs)),
				fmt.Sprintf("Resources (%d)", len(tc.d.Resources)),
				fmt.Sprintf("Event timeline (%d)", len(tc.d.Events)),
			}
			if !slices.Equal(h2, want) {
				t.Errorf("section headings %q, want %q", h2, want)
			}
			testutil.Golden(t, filepath.Join("testdata", "golden", "deployment-"+tc.name+".html"), out)
		})
	}
}

func TestDeploymentHTMLFacts(t *testing.T) {
	t.Parallel()
	d := deployed()
	b := body(mustParse(t, renderDeployment(t, d)))
	dl := b.one(t, "dl")
	for _, tc := range []struct{ key, want string }{
		{"Status", "UPDATE_COMPLETE"},
		{"Stack id", d.StackID},
		{"Config", "configs/shop-prod-network.yaml (kind sg)"},
		{"Account / region", "123456789012 / eu-west-1"},
		{"Deployed by", d.Caller},
		{"Template sent by", "template body"},
		{"Started", "2025-03-14 09:26:53Z, took 1m23.418s"},
		{"Generator", "landform v1.4.0"},
	} {
		if got := dl.fact(t, tc.key); got != tc.want {
			t.Errorf("fact %q = %q, want %q", tc.key, got, tc.want)
		}
	}
	if got := b.byID(t, "status").textContent(); got != d.Status {
		t.Errorf("#status %q, want %q", got, d.Status)
	}
}

// Times are shown in UTC whatever their location, to the second, and the
// duration to the millisecond.
func TestDeploymentHTMLTimes(t *testing.T) {
	t.Parallel()
	tokyo := time.FixedZone("JST", 9*60*60)
	for _, tc := range []struct {
		name      string
		started   time.Time
		duration  time.Duration
		wantFact  string
		eventTime time.Time
		wantEvent string
	}{
		{"utc", started, 2 * time.Minute, "2025-03-14 09:26:53Z, took 2m0s", started, "2025-03-14 09:26:53Z"},
		{"other zone", time.Date(2025, 3, 15, 1, 0, 0, 0, tokyo), 999_400 * time.Microsecond, "2025-03-14 16:00:00Z, took 999ms",
			time.Date(2025, 1, 1, 8, 59, 59, 999_999_999, tokyo), "2024-12-31 23:59:59Z"},
		{"rounds up to ms", started, 1_234_500 * time.Microsecond, "2025-03-14 09:26:53Z, took 1.235s", started, "2025-03-14 09:26:53Z"},
		{"zero", time.Time{}, 0, "0001-01-01 00:00:00Z, took 0s", time.Time{}, "0001-01-01 00:00:00Z"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			d := deployed()
			d.Started, d.Duration = tc.started, tc.duration
			d.Events = []report.Event{{Time: tc.eventTime, LogicalID: "X", Status: "CREATE_COMPLETE"}}
			b := body(mustParse(t, renderDeployment(t, d)))
			if got := b.one(t, "dl").fact(t, "Started"); got != tc.wantFact {
				t.Errorf("Started %q, want %q", got, tc.wantFact)
			}
			rows := b.byID(t, "events").rows(t)
			if got := rows[1].cells[0].text; got != tc.wantEvent {
				t.Errorf("event time %q, want %q", got, tc.wantEvent)
			}
		})
	}
}

func TestDeploymentHTMLOutcome(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name      string
		d         report.Deployment
		wantClass string
	}{
		{"deployed", deployed(), "ok"},
		{"no changes", noChanges(), "ok"},
		{"failed", failedDeploy(), "bad"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			b := body(mustParse(t, renderDeployment(t, tc.d)))
			p := b.byID(t, "outcome")
			if p.tag != "p" {
				t.Errorf("#outcome is a <%s>, want <p>", p.tag)
			}
			if p.textContent() != tc.d.Outcome {
				t.Errorf("outcome %q, want %q", p.textContent(), tc.d.Outcome)
			}
			if p.attrs["class"] != tc.wantClass {
				t.Errorf("outcome class %q, want %q", p.attrs["class"], tc.wantClass)
			}
			// The outcome is the first thing after the heading.
			if kids := b.elements(); len(kids) < 2 || kids[1] != p {
				t.Errorf("the outcome is not right under the h1")
			}
		})
	}
}

// A failed deploy shows its outcome marked bad, and the timeline shows the
// first failure with its reason, in the order things happened, with the
// failed statuses (and only those) marked bad.
func TestDeploymentHTMLFailedTimeline(t *testing.T) {
	t.Parallel()
	d := failedDeploy()
	b := body(mustParse(t, renderDeployment(t, d)))
	rows := b.byID(t, "events").rows(t)
	if got, want := rows[0].texts(), []string{"Time (UTC)", "Logical id", "Type", "Status", "Reason"}; !slices.Equal(got, want) {
		t.Fatalf("events header %q, want %q", got, want)
	}
	rows = rows[1:]
	if len(rows) != len(d.Events) {
		t.Fatalf("%d event rows, want %d", len(rows), len(d.Events))
	}
	for i, e := range d.Events {
		want := []string{e.Time.UTC().Format("2006-01-02 15:04:05Z"), e.LogicalID, e.Type, e.Status, e.Reason}
		if got := rows[i].texts(); !slices.Equal(got, want) {
			t.Errorf("event row %d = %q, want %q", i, got, want)
		}
		wantClass := ""
		if strings.HasSuffix(e.Status, "_FAILED") {
			wantClass = "bad"
		}
		if got := rows[i].cells[3].class; got != wantClass {
			t.Errorf("event row %d (%s): status class %q, want %q", i, e.Status, got, wantClass)
		}
	}
	first := -1
	for i, r := range rows {
		if r.cells[3].class == "bad" {
			first = i
			break
		}
	}
	if first < 0 {
		t.Fatal("no event is marked failed")
	}
	if got := rows[first].texts(); got[1] != "AppSecurityGroup" || got[3] != "CREATE_FAILED" ||
		got[4] != "The security group 'app' already exists for VPC 'vpc-0abc'" {
		t.Errorf("first failed event %q, want AppSecurityGroup CREATE_FAILED with its reason", got)
	}
	if !strings.Contains(b.byID(t, "outcome").textContent(), rows[first].cells[4].text) {
		t.Errorf("the outcome does not carry the first failed reason")
	}
	res := b.byID(t, "resources").rows(t)[1:]
	for i, r := range d.Resources {
		wantClass := ""
		if r.Status == "CREATE_FAILED" {
			wantClass = "bad"
		}
		if got := res[i].cells[3].class; got != wantClass {
			t.Errorf("resource %s (%s): status class %q, want %q", r.LogicalID, r.Status, got, wantClass)
		}
	}
}

// Only statuses ending in _FAILED are marked bad, in both tables.
func TestDeploymentHTMLFailedStatus(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		status string
		bad    bool
	}{
		{"CREATE_FAILED", true},
		{"UPDATE_FAILED", true},
		{"DELETE_FAILED", true},
		{"UPDATE_ROLLBACK_FAILED", true},
		{"IMPORT_ROLLBACK_FAILED", true},
		{"CREATE_COMPLETE", false},
		{"ROLLBACK_COMPLETE", false},
		{"UPDATE_ROLLBACK_IN_PROGRESS", false},
		{"DELETE_SKIPPED", false},
		{"FAILED", false},
		{"_FAILED", false},
		{"CREATE_FAILED_X", false},
		{"create_failed", false},
		{"", false},
	} {
		t.Run(tc.status, func(t *testing.T) {
			t.Parallel()
			d := report.Deployment{
				Resources: []report.Resource{{LogicalID: "R", Status: tc.status}},
				Events:    []report.Event{{LogicalID: "R", Status: tc.status}},
			}
			b := body(mustParse(t, renderDeployment(t, d)))
			want := ""
			if tc.bad {
				want = "bad"
			}
			for _, id := range []string{"resources", "events"} {
				c := b.byID(t, id).rows(t)[1].cells[3]
				if c.text != tc.status {
					t.Errorf("%s status cell %q, want %q", id, c.text, tc.status)
				}
				if c.class != want {
					t.Errorf("%s status %q has class %q, want %q", id, tc.status, c.class, want)
				}
			}
		})
	}
}

// Resources appear in the order given, each with its logical id, type,
// physical id and status.
func TestDeploymentHTMLResources(t *testing.T) {
	t.Parallel()
	d := deployed()
	d.Resources = append(d.Resources, report.Resource{LogicalID: "Alpha", Type: "AWS::SSM::Parameter", Status: "CREATE_COMPLETE"}) // no physical id yet
	rows := body(mustParse(t, renderDeployment(t, d))).byID(t, "resources").rows(t)
	if got, want := rows[0].texts(), []string{"Logical id", "Type", "Physical id", "Status"}; !slices.Equal(got, want) {
		t.Fatalf("resources header %q, want %q", got, want)
	}
	rows = rows[1:]
	if len(rows) != len(d.Resources) {
		t.Fatalf("%d resource rows, want %d", len(rows), len(d.Resources))
	}
	for i, r := range d.Resources {
		want := []string{r.LogicalID, r.Type, r.PhysicalID, r.Status}
		if got := rows[i].texts(); !slices.Equal(got, want) {
			t.Errorf("resource row %d = %q, want %q", i, got, want)
		}
		if rows[i].cells[2].class != "mono" {
			t.Errorf("physical id cell of %s has class %q, want mono", r.LogicalID, rows[i].cells[2].class)
		}
	}
}

// Empty sections say so instead of showing an empty table.
func TestDeploymentHTMLEmptySections(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		d       report.Deployment
		missing []string
		notes   []string
	}{
		{"nothing", report.Deployment{Stack: "s"}, []string{"outputs", "resources", "events"},
			[]string{"None.", "None.", "No events: nothing was executed."}},
		{"empty non-nil", report.Deployment{Stack: "s", Outputs: map[string]string{}, Resources: []report.Resource{}, Events: []report.Event{}},
			[]string{"outputs", "resources", "events"}, []string{"None.", "None.", "No events: nothing was executed."}},
		{"no changes", noChanges(), []string{"events"}, []string{"No events: nothing was executed."}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			b := body(mustParse(t, renderDeployment(t, tc.d)))
			if len(b.byTag("table")) != 3-len(tc.missing) {
				t.Errorf("%d tables, want %d", len(b.byTag("table")), 3-len(tc.missing))
			}
			for _, id := range tc.missing {
				if b.hasID(id) {
					t.Errorf("table #%s is shown for an empty section", id)
				}
			}
			var notes []string
			for _, p := range b.byTag("p") {
				if p.attrs["id"] != "outcome" {
					notes = append(notes, p.textContent())
				}
			}
			if !slices.Equal(notes, tc.notes) {
				t.Errorf("notes %q, want %q", notes, tc.notes)
			}
		})
	}
}

func factIs(key, prefix string) func(*testing.T, *node) []string {
	return factAround(key, prefix, "")
}

func factAround(key, prefix, suffix string) func(*testing.T, *node) []string {
	return func(t *testing.T, root *node) []string {
		t.Helper()
		v := body(root).one(t, "dl").fact(t, key)
		if !strings.HasPrefix(v, prefix) || !strings.HasSuffix(v, suffix) {
			t.Errorf("fact %q = %q, want %q … %q", key, v, prefix, suffix)
		}
		return []string{strings.TrimSuffix(strings.TrimPrefix(v, prefix), suffix)}
	}
}

func cellOf(table string, row, col int) func(*testing.T, *node) []string {
	return func(t *testing.T, root *node) []string {
		t.Helper()
		rows := root.byID(t, table).rows(t)
		if row >= len(rows) || col >= len(rows[row].cells) {
			t.Fatalf("table #%s has no cell %d,%d", table, row, col)
		}
		return []string{rows[row].cells[col].text}
	}
}
