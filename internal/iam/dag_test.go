package iam

import (
	"errors"
	"strings"
	"testing"
)

func atom(name, action string) *Atomic {
	return &Atomic{Name: name, Statement: Statement{Effect: "Allow", Action: Strings(action), Resource: Strings("*")}}
}

func noSuggest(string, []string) string { return "" }

func TestDiamondFlattensToOneCopy(t *testing.T) {
	d := &DAG{
		Policies: map[string]*Atomic{"Base": atom("Base", "s3:GetObject"), "Dev": atom("Dev", "ecr:GetAuthorizationToken"),
			"Prod": atom("Prod", "ssm:GetParameter"), "Lead": atom("Lead", "kms:Decrypt")},
		Groups: map[string]*Group{
			"base":  {Name: "base", Policies: []string{"Base"}},
			"dev":   {Name: "dev", Policies: []string{"Dev"}, Groups: []string{"base"}},
			"prod":  {Name: "prod", Policies: []string{"Prod"}, Groups: []string{"base"}},
			"jane":  {Name: "jane", Policies: []string{"Lead"}, Groups: []string{"prod", "dev"}},
			"empty": {Name: "empty"},
		},
	}
	if errs := d.Check(noSuggest); len(errs) != 0 {
		t.Fatal(errs)
	}
	var names []string
	for _, a := range d.Flatten("jane") {
		names = append(names, a.Name)
	}
	if got := strings.Join(names, ","); got != "Base,Dev,Lead,Prod" {
		t.Errorf("flatten(jane) = %s, want Base,Dev,Lead,Prod (sorted, Base once)", got)
	}
	if len(d.Flatten("empty")) != 0 {
		t.Error("an empty group flattens to policies")
	}
	// Sorting is stable whatever the order the config lists things in.
	d.Groups["jane"] = &Group{Name: "jane", Policies: []string{"Lead"}, Groups: []string{"dev", "prod"}}
	var again []string
	for _, a := range d.Flatten("jane") {
		again = append(again, a.Name)
	}
	if strings.Join(again, ",") != strings.Join(names, ",") {
		t.Errorf("order depends on the config's order: %v vs %v", again, names)
	}
}

func TestCycleIsReportedWithItsPath(t *testing.T) {
	d := &DAG{Policies: map[string]*Atomic{"P": atom("P", "s3:GetObject")}, Groups: map[string]*Group{
		"a": {Name: "a", Groups: []string{"b"}}, "b": {Name: "b", Groups: []string{"c"}}, "c": {Name: "c", Groups: []string{"a"}, Policies: []string{"P"}},
		"self": {Name: "self", Groups: []string{"self"}},
	}}
	errs := d.Check(noSuggest)
	var msgs []string
	for _, err := range errs {
		var ce *CycleError
		if !errors.As(err, &ce) {
			t.Fatalf("unexpected error %v", err)
		}
		msgs = append(msgs, err.Error())
	}
	want := []string{"policy groups include each other in a cycle: a → b → c → a", "policy groups include each other in a cycle: self → self"}
	if strings.Join(msgs, "\n") != strings.Join(want, "\n") {
		t.Errorf("cycles:\n%s\nwant:\n%s", strings.Join(msgs, "\n"), strings.Join(want, "\n"))
	}
	if got := len(d.Flatten("a")); got != 1 {
		t.Errorf("flatten through a cycle: %d policies, want 1", got)
	}
}

func TestUnknownReferences(t *testing.T) {
	d := &DAG{Policies: map[string]*Atomic{"S3Read": atom("S3Read", "s3:GetObject")}, Groups: map[string]*Group{
		"team": {Name: "team", Policies: []string{"S3Raed"}, Groups: []string{"bsae"}},
		"base": {Name: "base"},
	}}
	suggest := func(name string, cands []string) string {
		for _, c := range cands {
			if len(c) == len(name) && c != name {
				return c
			}
		}
		return ""
	}
	errs := d.Check(suggest)
	if len(errs) != 2 {
		t.Fatalf("errors: %v", errs)
	}
	var re *RefError
	if !errors.As(errs[0], &re) || re.Kind != "policy" || re.Name != "S3Raed" || re.Suggest != "S3Read" || re.Index != 0 {
		t.Errorf("first = %+v", errs[0])
	}
	if !errors.As(errs[1], &re) || re.Kind != "group" || re.Suggest != "base" {
		t.Errorf("second = %+v", errs[1])
	}
}

func TestIdenticalStatementsEmittedOnce(t *testing.T) {
	a, b := atom("ReadA", "s3:GetObject"), atom("ReadB", "s3:GetObject")
	c := atom("Write", "s3:PutObject")
	st := Statements([]*Atomic{a, b, c})
	if len(st) != 2 || st[0].Sid != "ReadA" || st[1].Sid != "Write" {
		t.Errorf("statements = %+v", st)
	}
}
