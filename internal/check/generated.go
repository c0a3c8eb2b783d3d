package check

import (
	"regexp"
	"slices"
	"strings"

	"github.com/landform/landform/internal/yamltree"
)

// loopIDs returns the logical ids a Fn::ForEach loop (AWS::LanguageExtensions)
// will create, as patterns: its output keys with each ${Identifier} or
// &{Identifier} standing for any alphanumeric text. Nested loops add theirs.
func loopIDs(loop *yamltree.Node) []*regexp.Regexp {
	if loop == nil || loop.Kind != yamltree.Seq || len(loop.Items) != 3 {
		return nil
	}
	var out []*regexp.Regexp
	for _, e := range loop.Items[2].Fields() {
		if strings.HasPrefix(e.Key, "Fn::ForEach::") {
			out = append(out, loopIDs(e.Value)...)
			continue
		}
		out = append(out, idPattern(e.Key))
	}
	return out
}

var loopVar = regexp.MustCompile(`[$&]\{[^}]*\}`)

func idPattern(template string) *regexp.Regexp {
	parts := loopVar.Split(template, -1)
	for i, p := range parts {
		parts[i] = regexp.QuoteMeta(p)
	}
	return regexp.MustCompile("^" + strings.Join(parts, "[A-Za-z0-9]+") + "$")
}

// samIDs returns the logical ids the SAM transform adds: resources named
// after each AWS::Serverless resource (FunctionRole, ApiProdStage, …) and
// the implicit ServerlessRestApi and ServerlessHttpApi with theirs.
func samIDs(c *checker) []*regexp.Regexp {
	prefixes := []string{"ServerlessRestApi", "ServerlessHttpApi"}
	for _, id := range c.order {
		if typ, _ := c.resources[id].Get("Type").String(); strings.HasPrefix(typ, "AWS::Serverless::") {
			prefixes = append(prefixes, regexp.QuoteMeta(id))
		}
	}
	return []*regexp.Regexp{regexp.MustCompile("^(" + strings.Join(prefixes, "|") + ")[A-Za-z0-9]*$")}
}

// isGenerated reports whether a name will exist once transforms and loops
// have run.
func (c *checker) isGenerated(name string) bool {
	return slices.ContainsFunc(c.generated, func(re *regexp.Regexp) bool { return re.MatchString(name) })
}
