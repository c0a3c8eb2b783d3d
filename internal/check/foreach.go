package check

import (
	"regexp"
	"slices"
	"strings"

	"github.com/landform/landform/internal/cfn"
	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/yamltree"
)

// languageExtensions expands the template's Fn::ForEach loops when it
// declares the AWS::LanguageExtensions transform, so what the loops generate
// is checked as the resources, outputs and conditions CloudFormation will
// see, and says what it could not expand.
//
// generated are the logical ids of resource loops whose values are known
// only at deployment, as patterns, so a reference from outside such a loop
// is not reported; the ids of the loops it expanded are simply there.
func languageExtensions(t *yamltree.Tree) (_ *yamltree.Tree, fs finding.List, generated []*regexp.Regexp) {
	expanded, loops := cfn.ExpandForEach(t)
	declared := slices.Contains(transforms(t.Root.Get("Transform")), cfn.LanguageExtensions)
	for _, l := range loops {
		if (l.Placeholder != "" || l.TooLarge || !declared) && strings.HasPrefix(l.Path, "Resources") {
			generated = append(generated, loopIDs(l.At)...)
		}
		pos := l.At.KeyPos
		if pos.Line == 0 {
			pos = t.KeyPos(l.Path)
		}
		switch {
		case !declared:
			fs.Errorf("LF-CFN-019", pos, l.Path, "add Transform: AWS::LanguageExtensions at the top of the template",
				"Fn::ForEach::%s needs the AWS::LanguageExtensions transform, which the template does not declare", l.Name)
			continue
		case l.Malformed:
			fs.Errorf("LF-CFN-019", pos, l.Path, "write Fn::ForEach::"+l.Name+": [Identifier, [Value, ...], {OutputKey: OutputValue}]",
				"malformed Fn::ForEach::%s", l.Name)
		case l.TooLarge:
			fs.Add(finding.Finding{Rule: "LF-CFN-033", Severity: finding.Note, Pos: pos, Path: l.Path,
				Hint:    "check the template CloudFormation processes (aws cloudformation get-template --template-stage Processed)",
				Message: "Fn::ForEach::" + l.Name + " generates more than check expands; what it generates is not checked"})
		case l.Placeholder != "":
			fs.Add(finding.Finding{Rule: "LF-CFN-033", Severity: finding.Note, Pos: pos, Path: l.Path,
				Hint:    "give the list parameter a Default, or write the values in the loop, to have each checked",
				Message: "the values of Fn::ForEach::" + l.Name + " are known only at deployment; its fragment was checked once, with " + l.Placeholder + " for the value"})
		}
		for _, d := range l.Duplicates {
			fs.Errorf("LF-CFN-104", pos, l.Path, "make the loop's output key unique (include ${Identifier})",
				"Fn::ForEach::%s generates %s, which is already declared there", l.Name, d)
		}
	}
	if !declared {
		return t, fs, generated
	}
	return expanded, fs, generated
}
