package config

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/yamltree"
)

// dynamicRef is CloudFormation's dynamic-reference syntax, which it
// resolves in any resource property: {{resolve:ssm:…}},
// {{resolve:ssm-secure:…}}, {{resolve:secretsmanager:…}}.
var dynamicRef = regexp.MustCompile(`\{\{\s*resolve\s*:`)

// templateVar is a ${…} that names something of a template rather than
// one of landform's own placeholders (${company_prefix}, ${org}, …) or an
// IAM policy variable (${aws:username}): a pseudo parameter
// (${AWS::Region}) or a parameter, resource or attribute (${Bucket},
// ${Role.Arn}). Inside any Fn::Sub landform builds, CloudFormation would
// fill it in.
var templateVar = regexp.MustCompile(`\$\{\s*(?:[A-Za-z0-9]+::[A-Za-z0-9:]*|[A-Z][A-Za-z0-9]*(?:\.[A-Za-z0-9.]+)?)\s*\}`)

// Injections are the config's strings that would reach a template as
// CloudFormation syntax: a config author could otherwise pull an SSM
// parameter or a secret into a description anyone with read access to the
// stack sees. Every string counts, keys too: what lands in a template is
// the kinds' business, and none of them needs either syntax.
func Injections(d *Document) finding.List {
	var fs finding.List
	check := func(n *yamltree.Node, s, path string) {
		if !strings.Contains(s, "{{") && !strings.Contains(s, "${") {
			return // neither pattern can match: most strings
		}
		switch {
		case dynamicRef.MatchString(s):
			fs.Errorf("LF-CFG-012", n.Pos, path, "remove the {{resolve:…}}: landform configs hold values, and CloudFormation would resolve it in the stack (for a parameter the stack reads, use the kind's *_parameter_store_path field)",
				"%s holds a CloudFormation dynamic reference (%s)", describePath(path), quoteShort(s))
		case templateVar.MatchString(s):
			fs.Errorf("LF-CFG-012", n.Pos, path, "remove the ${…} or write the value itself: landform's own placeholders are lower case (${company_prefix}, ${org}, ${account_id}) and IAM policy variables have one colon (${aws:username})",
				"%s holds %s, which CloudFormation would substitute inside Fn::Sub", describePath(path), templateVar.FindString(s))
		}
	}
	var walk func(n *yamltree.Node, path string)
	walk = func(n *yamltree.Node, path string) {
		if n == nil {
			return
		}
		if s, ok := n.String(); ok {
			check(n, s, path)
		}
		for _, e := range n.Entries {
			child := yamltree.ChildPath(path, e.Key)
			check(&yamltree.Node{Pos: e.Value.KeyPos}, e.Key, child)
			walk(e.Value, child)
		}
		for i, it := range n.Items {
			walk(it, yamltree.IndexPath(path, i))
		}
	}
	walk(d.Root, "")
	return fs
}

func describePath(path string) string {
	if path == "" {
		return "the document"
	}
	return path
}

// quoteShort quotes s for a message, at most 60 characters of it, so a
// newline or a long value cannot break the finding's line.
func quoteShort(s string) string {
	r := []rune(s)
	if len(r) > 60 {
		return strconv.Quote(string(r[:57]) + "...")
	}
	return strconv.Quote(s)
}
