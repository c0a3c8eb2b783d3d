package cfn

import (
	"fmt"
	"strings"
	"testing"

	"github.com/landform/landform/internal/yamltree"
)

func parseT(t *testing.T, src string) *yamltree.Tree {
	t.Helper()
	tr, fs := Parse("t.yaml", []byte(src))
	if tr == nil {
		t.Fatal(fs)
	}
	return tr
}

func TestExpandForEach(t *testing.T) {
	tr := parseT(t, `Transform: AWS::LanguageExtensions
Parameters:
  Names: {Type: CommaDelimitedList, Default: "a, b-c"}
Resources:
  Fn::ForEach::Q:
    - N
    - !Ref Names
    - Queue&{N}:
        Type: AWS::SQS::Queue
        Properties:
          QueueName: !Sub "q-${N}"
          Id: !Ref N
  Kept:
    Type: AWS::SNS::Topic
`)
	out, loops := ExpandForEach(tr)
	if len(loops) != 1 || loops[0].Placeholder != "" || loops[0].Malformed {
		t.Fatalf("loops %+v", loops)
	}
	var ids []string
	for _, e := range out.Root.Get("Resources").Fields() {
		ids = append(ids, e.Key)
	}
	if got := strings.Join(ids, " "); got != "Queuea Queuebc Kept" {
		t.Errorf("ids %q", got)
	}
	q := out.Lookup("Resources.Queuebc.Properties")
	if name, _ := q.Get("QueueName").String(); name != "q-b-c" {
		t.Errorf("QueueName %q (a Sub the loop leaves without variables is its string)", name)
	}
	if id, _ := q.Get("Id").String(); id != "b-c" {
		t.Errorf("Ref N = %q", id)
	}
	if q.Get("QueueName").Pos.Line != 11 {
		t.Errorf("generated node lost its position: %+v", q.Get("QueueName").Pos)
	}
	if tr.Root.Get("Resources").Get("Fn::ForEach::Q") == nil {
		t.Error("the tree given was changed")
	}
}

// TestExpandForEachIsBounded: loops nest, so a small template could ask for
// a product of collections; expansion stops at maxExpanded nodes and says so.
func TestExpandForEachIsBounded(t *testing.T) {
	values := make([]string, 100)
	for i := range values {
		values[i] = fmt.Sprintf("v%d", i)
	}
	list := "[" + strings.Join(values, ", ") + "]"
	var b strings.Builder
	b.WriteString("Resources:\n")
	indent := "  "
	for level := range 5 {
		fmt.Fprintf(&b, "%sFn::ForEach::L%d:\n%s  - I%d\n%s  - %s\n%s  - ", indent, level, indent, level, indent, list, indent)
		indent += "    "
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "%sR${I0}${I1}${I2}${I3}${I4}:\n%s  Type: AWS::SNS::Topic\n", indent, indent)
	out, loops := ExpandForEach(parseT(t, b.String()))
	tooLarge := false
	for _, l := range loops {
		tooLarge = tooLarge || l.TooLarge
	}
	if !tooLarge {
		t.Fatalf("no loop reported too large: %+v", loops)
	}
	if n := len(out.Root.Get("Resources").Fields()); n > maxExpanded {
		t.Errorf("%d resources generated, over the bound", n)
	}
}
