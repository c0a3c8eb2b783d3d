package drift

import (
	"context"
	"errors"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/smithy-go"
)

// Clients are the APIs deep drift reads and, to repair, writes.
type Clients struct {
	IAM *iam.Client
	EC2 *ec2.Client
}

// Severities: a change that lets more happen is high, one that lets less
// happen medium (something stops working, and CloudFormation will not put
// it back), the rest low.
const (
	High   = "high"
	Medium = "medium"
	Low    = "low"
)

var severityRank = map[string]int{High: 0, Medium: 1, Low: 2}

// Finding is one difference between the template and the account.
type Finding struct {
	Severity   string `json:"severity"`
	LogicalID  string `json:"logical_id"`
	Type       string `json:"type"`
	PhysicalID string `json:"physical_id"`
	// Kind names the change: managed-policy-attached, inline-policy-added,
	// trust-policy-changed, default-version-changed, boundary-removed,
	// member-added, access-key-added, sg-rule-added, tag-removed, …
	Kind     string `json:"kind"`
	Detail   string `json:"detail"`
	Expected string `json:"expected"`
	Actual   string `json:"actual"`
	// Revert is the aws CLI command that puts the template's state back.
	Revert string `json:"revert,omitempty"`
	// NotRepairable says why deploy --revert-drift leaves this one alone.
	NotRepairable string `json:"not_repairable,omitempty"`

	fix func(context.Context, Clients) error
}

// Repairable reports whether Repair can put it back.
func (f Finding) Repairable() bool { return f.fix != nil }

// Report is the deep drift of one stack.
type Report struct {
	Stack    string    `json:"stack"`
	Checked  int       `json:"resources_checked"`
	Findings []Finding `json:"findings"`
	Notes    []string  `json:"notes,omitempty"`
}

// Count returns the findings of one severity.
func (r *Report) Count(sev string) int {
	n := 0
	for _, f := range r.Findings {
		if f.Severity == sev {
			n++
		}
	}
	return n
}

func (r *Report) sort() {
	sort.SliceStable(r.Findings, func(i, j int) bool {
		a, b := r.Findings[i], r.Findings[j]
		if severityRank[a.Severity] != severityRank[b.Severity] {
			return severityRank[a.Severity] < severityRank[b.Severity]
		}
		if a.LogicalID != b.LogicalID {
			return a.LogicalID < b.LogicalID
		}
		if a.Kind != b.Kind {
			return a.Kind < b.Kind
		}
		return a.Detail < b.Detail
	})
	sort.Strings(r.Notes)
}

// Repaired is what Repair did with one finding.
type Repaired struct {
	Finding Finding `json:"finding"`
	Error   string  `json:"error,omitempty"`
}

// Repair makes each repairable finding's calls, in the report's order,
// and goes on past a failure; what it could not do is in the result.
func Repair(ctx context.Context, c Clients, fs []Finding) []Repaired {
	var out []Repaired
	for _, f := range fs {
		if f.fix == nil {
			continue
		}
		r := Repaired{Finding: f}
		if err := f.fix(ctx, c); err != nil {
			r.Error = err.Error()
		}
		out = append(out, r)
	}
	return out
}

// shellQuote quotes s for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:=,+@") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// command is an aws CLI invocation, its arguments quoted.
func command(service, op string, args ...string) string {
	parts := []string{"aws", service, op}
	for i, a := range args {
		if i%2 == 1 {
			a = shellQuote(a)
		}
		parts = append(parts, a)
	}
	return strings.Join(parts, " ")
}

// notFound reports an API's "no such thing" answer.
func notFound(err error) bool {
	var ae smithy.APIError
	if !errors.As(err, &ae) {
		return false
	}
	switch ae.ErrorCode() {
	case "NoSuchEntity", "InvalidGroup.NotFound", "InvalidGroupId.NotFound", "InvalidGroupId.Malformed":
		return true
	}
	return false
}

func listNames(m map[string]bool) string {
	if len(m) == 0 {
		return "(none)"
	}
	return strings.Join(sortedKeys(m), ", ")
}

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }

// tagDrift reports each tag the template gives that is missing or changed,
// and each tag it does not give: set and unset are the revert command and
// the repair of one tag, for the resource's service.
func tagDrift(f *finder, want, got map[string]string, set func(k, v string) (string, fix), unset func(k string) (string, fix)) {
	for _, k := range sortedKeys(want) {
		v, ok := got[k]
		if ok && v == want[k] {
			continue
		}
		kind, detail, actual := "tag-removed", "tag "+k+" removed outside the stack", "(none)"
		if ok {
			kind, detail, actual = "tag-changed", "tag "+k+" changed outside the stack", k+"="+v
		}
		revert, repair := set(k, want[k])
		f.add(Low, kind, detail, k+"="+want[k], actual, revert, repair)
	}
	for _, k := range sortedKeys(got) {
		if _, ok := want[k]; !ok {
			revert, repair := unset(k)
			f.add(Low, "tag-added", "tag "+k+" added outside the stack", "(none)", k+"="+got[k], revert, repair)
		}
	}
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}
