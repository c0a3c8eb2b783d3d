package catalog

import (
	"strings"
	"testing"
)

func TestCatalog(t *testing.T) {
	c := Default()
	if c.Len() < 15000 {
		t.Fatalf("catalog has only %d actions", c.Len())
	}
	lines := 0
	for line := range strings.Lines(actionsTxt) {
		if line != "\n" && line[0] != '#' {
			lines++
		}
	}
	if c.Len() != lines {
		t.Errorf("the index holds %d actions; actions.txt lists %d", c.Len(), lines)
	}
	if !strings.HasPrefix(c.Source, "cfn-lint ") {
		t.Errorf("source = %q, want the cfn-lint version", c.Source)
	}
	if types, ok := c.Lookup("s3:GetObject"); !ok || len(types) == 0 {
		t.Errorf("s3:GetObject: %v %v", types, ok)
	}
	if types, ok := c.Lookup("S3:ListAllMyBuckets"); !ok || len(types) != 0 {
		t.Errorf("s3:ListAllMyBuckets should exist with no resource types: %v %v", types, ok)
	}
	if _, ok := c.Lookup("s3:GetObjekt"); ok {
		t.Error("a misspelt action was found")
	}
	if m := c.Match("s3:GetObject*"); len(m) < 5 {
		t.Errorf("s3:GetObject* matched %v", m)
	}
	for key, want := range map[string][2]bool{
		"s3:prefix":                 {true, true},
		"S3:ExistingObjectTag/team": {true, true},
		"s3:prefx":                  {false, true},
		"aws:SourceIp":              {false, false},
		"token.actions.githubusercontent.com:sub": {false, false},
		"nosuchservice:key":                       {false, false},
	} {
		known, checkable := c.ConditionKey(key)
		if [2]bool{known, checkable} != want {
			t.Errorf("ConditionKey(%s) = %v, %v; want %v", key, known, checkable, want)
		}
	}
}
