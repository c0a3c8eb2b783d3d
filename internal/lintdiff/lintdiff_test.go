package lintdiff

import (
	"testing"

	"github.com/landform/landform/internal/finding"
)

const tmpl = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      DelaySeconds: x
  Topic:
    Type: AWS::SNS::Topic
Outputs:
  Arn:
    Value: !Ref Topic
`

func TestCompareSortsDisagreements(t *testing.T) {
	lint := []Lint{
		{File: "t.yaml", Line: 6, Rule: "E3012", Message: "not an integer"},    // claimed, landform agrees
		{File: "t.yaml", Line: 8, Rule: "E3003", Message: "missing property"},  // claimed, landform silent
		{File: "t.yaml", Line: 11, Rule: "E3031", Message: "pattern mismatch"}, // not claimed
		{File: "t.yaml", Line: 8, Rule: "W3005", Message: "a warning"},         // not an error
	}
	var fs finding.List
	fs.Errorf("LF-CFN-023", finding.Pos{File: "t.yaml", Line: 6}, "Resources.Queue.Properties.DelaySeconds", "", "wrong type")
	fs.Errorf("LF-CFN-099", finding.Pos{File: "t.yaml", Line: 11}, "Outputs.Arn", "", "outside resources")
	got := Compare("t.yaml", []byte(tmpl), lint, fs)
	want := []struct {
		class    Class
		rule     string
		resource string
	}{{Missed, "E3003", "Topic"}, {NotClaimed, "E3031", ""}}
	if len(got) != len(want) {
		t.Fatalf("got %+v", got)
	}
	for i, w := range want {
		if got[i].Class != w.class || got[i].Rule != w.rule || got[i].Resource != w.resource {
			t.Errorf("[%d] = %+v, want %+v", i, got[i], w)
		}
	}
	// Without cfn-lint's errors, landform's are its own.
	only := Compare("t.yaml", []byte(tmpl), nil, fs)
	if len(only) != 2 || only[0].Class != LandformOnly || only[0].Resource != "Queue" || only[1].Resource != "" {
		t.Errorf("landform only: %+v", only)
	}
}

func TestSpansEndAtTheNextSection(t *testing.T) {
	s := ResourceSpans("t.yaml", []byte(tmpl))
	for line, want := range map[int]string{1: "", 3: "Queue", 6: "Queue", 7: "Topic", 8: "Topic", 9: "", 11: ""} {
		if got := s.At(line); got != want {
			t.Errorf("line %d: %q, want %q", line, got, want)
		}
	}
}

func TestParseLine(t *testing.T) {
	l, ok := parseLine("dir/t.yaml:12:3:12:9:E3002:Additional properties are not allowed ('X': was unexpected)")
	if !ok || l.File != "dir/t.yaml" || l.Line != 12 || l.Rule != "E3002" || l.Message != "Additional properties are not allowed ('X': was unexpected)" {
		t.Errorf("%+v %v", l, ok)
	}
	if _, ok := parseLine("not a finding"); ok {
		t.Error("parsed a line that is not one")
	}
}
