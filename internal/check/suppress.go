package check

import (
	"strings"

	"github.com/landform/landform/internal/cfn"
	"github.com/landform/landform/internal/finding"
)

// SuppressKey is where a resource lists the rules check should not hold
// against it: Metadata: {landform: {suppress: [LF-IAM-003, {rule:
// LF-CFN-302, reason: "public website"}]}}. A suppressed finding is still
// shown, as a note that says so, and no longer fails the check.
const SuppressKey = "Metadata.landform.suppress"

func (c *checker) suppress() {
	type entry struct{ reason string }
	byResource := map[string]map[string]entry{}
	for _, id := range c.order {
		list := c.resources[id].Get("Metadata").Get("landform").Get("suppress")
		for _, it := range cfn.Values(list) {
			rule, reason := "", "no reason given"
			if s, ok := it.String(); ok {
				rule = s
			} else {
				rule, _ = it.Get("rule").String()
				if r, ok := it.Get("reason").String(); ok && r != "" {
					reason = r
				}
			}
			if rule == "" {
				continue
			}
			if byResource[id] == nil {
				byResource[id] = map[string]entry{}
			}
			byResource[id][rule] = entry{reason}
		}
	}
	if len(byResource) == 0 {
		return
	}
	for i, f := range c.fs {
		id, ok := resourceOf(f.Path)
		if !ok {
			continue
		}
		if e, ok := byResource[id][f.Rule]; ok && f.Suppressed == nil {
			c.fs[i].Suppress(finding.Suppression{Kind: "inSource", By: "Resources." + id + "." + SuppressKey, Reason: e.reason})
		}
	}
}

// resourceOf returns the logical id of a Resources.<id>… path.
func resourceOf(path string) (string, bool) {
	rest, ok := strings.CutPrefix(path, "Resources.")
	if !ok {
		return "", false
	}
	id, _, _ := strings.Cut(rest, ".")
	return id, id != ""
}
