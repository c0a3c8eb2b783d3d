package yamltree_test

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/landform/landform/internal/cfn"
	"github.com/landform/landform/internal/config"
	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/testutil"
	"github.com/landform/landform/internal/yamltree"
)

// readers are the ways landform reads YAML: as a config and as a template.
var readers = map[string]yamltree.Options{"config": config.Options(), "template": cfn.Options()}

// sameReading says how the fast reader's reading of data differs from
// goccy's, node for node: the shape, keys in order, scalars (value, text,
// quoted), the index of paths and the findings; "" when they agree or the
// fast reader leaves the file to goccy. strict holds positions too (values'
// and keys', and the findings'), and a file goccy finds a syntax error in
// and the fast reader reads is a difference; without it, yaml.v3's
// reading of such a file stands.
func sameReading(file string, data []byte, o yamltree.Options, strict bool) (diff string, read bool) {
	got, gotFs, ok := yamltree.ParseFast(file, data, o)
	if !ok {
		return "", false
	}
	want, wantFs := yamltree.ParseGoccy(file, data, o)
	if !strict && want == nil && len(wantFs) == 1 && wantFs[0].Rule == o.Rule(3) {
		return "", true
	}
	positions := strict
	if a, b := messages(gotFs, positions), messages(wantFs, positions); a != b {
		return fmt.Sprintf("findings\n%s\ngoccy\n%s", a, b), true
	}
	if want == nil {
		return "goccy read no tree; the fast reader did", true
	}
	diff = testutil.ValueDiff(want.Root, got.Root)
	if positions {
		diff = testutil.TreeDiff(want.Root, got.Root)
	}
	if diff != "" {
		return diff, true
	}
	wp, gp := yamltree.Paths(want), yamltree.Paths(got)
	if len(wp) != len(gp) {
		return fmt.Sprintf("%d paths, goccy %d", len(gp), len(wp)), true
	}
	for p, n := range wp {
		if g := gp[p]; g == nil || positions && g.Pos != n.Pos || g.Kind != n.Kind {
			return fmt.Sprintf("path %s: %v, goccy %v", p, g, n), true
		}
	}
	return "", true
}

// messages is the findings, with their positions when asked, sorted.
func messages(fs finding.List, positions bool) string {
	var out []string
	for _, f := range fs {
		m := fmt.Sprintf("%s %s %s: %s", f.Rule, f.Severity, f.Path, f.Message)
		if positions {
			m = f.Pos.String() + " " + m
		}
		out = append(out, m)
	}
	sort.Strings(out)
	return strings.Join(out, "\n")
}

// tricky are constructs where two YAML readers may part ways.
var tricky = []string{
	"a: 1\nb: 0x1F\nc: 0o17\nd: 1_000\ne: 1e3\nf: .5\ng: -.inf\nh: .nan\ni: ~\nj:\nk: null\nl: True\nm: yes\nn: 012\no: 2001-12-14\np: '1'\nq: \"a\\tb\"\n",
	"k: !Ref X\nl: !GetAZs\nm: !Sub 'x-${AWS::Region}'\nn: !If [c, !Ref a, !Ref AWS::NoValue]\no: !!str 12\np: !GetAtt A.Arn\n",
	"k: |\n  line\n\n  more\nl: >-\n  folded\n  text\nm: |+\n  keep\n\n",
	"- {Effect: Allow, Action: [sqs:SendMessage, \"s3:x\"]}\n- a: b\n- [k: v]\n- {}\n- []\n",
	"a: &x {b: 1}\nc: *x\nd:\n  <<: *x\n  e: 2\n",
	"a: 1\na: 2\n",
	"? [a]\n: 1\n",
	"a: 1\n---\nb: 2\n",
	"# only a comment\n",
	"a: b: c\n",
	"a:\n  - b\n  -\n  - c: d\n    e: f\n",
	"\"quoted key\": 1\n'single': 2\nplain key: 3\n",
	"a: multi\n  line plain\n  scalar\nb: \"multi\n  line quoted\"\n",
	"a: !!map {b: 1}\nc: !!seq [d]\ne: !<tag:yaml.org,2002:str> f\ng: !Custom x\n",
	"Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      Tags: [{Key: a, Value: !Ref AWS::StackName}]\n",
	"a: \"\\u00e9\\x41\"\nb: 'it''s'\nc: \"\"\nd: ''\n",
	"- - - deep\n- [[x]]\n",
	"A: {StringEquals: {iam:PassedToService: ec2.amazonaws.com}}\nB: {C: !Equals [a, !Ref AWS::Region]}\n",
	"- {Action: [s3:*, s3:Get*], Condition: {Bool: {aws:SecureTransport: 'false'}}}\n- {x:y, a::b: c, d:e: [f]}\n",
}

// TestReadersAgree reads every YAML file of the repository, and the
// tricky cases, as a config and as a template, with both readers: wherever
// the fast one reads a file, the two agree node for node.
func TestReadersAgree(t *testing.T) {
	root := filepath.Join("..", "..")
	var files []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "node_modules" || d.Name() == ".cache") {
			return filepath.SkipDir
		}
		switch filepath.Ext(p) {
		case ".yaml", ".yml", ".template":
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 100 {
		t.Fatalf("found %d YAML files under %s; the test expects the examples and test data", len(files), root)
	}
	read := 0
	check := func(name string, data []byte) {
		for what, o := range readers {
			d, ok := sameReading(name, data, o, true)
			if d != "" {
				t.Errorf("%s as a %s: %s", name, what, d)
			}
			if ok {
				read++
			}
		}
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		check(f, data)
	}
	for i, s := range tricky {
		check(fmt.Sprintf("tricky%02d.yaml", i), []byte(s))
	}
	t.Logf("%d files and %d cases, each read two ways: the fast reader read %d of the readings", len(files), len(tricky), read)
	// Most files have none of what the fast reader leaves to goccy: a
	// test that compared almost nothing would pass for the wrong reason.
	if read < len(files) {
		t.Errorf("the fast reader read only %d of %d readings", read, 2*(len(files)+len(tricky)))
	}
}

// FuzzReadersAgree holds the two readers to the same values and findings
// on any input both read. Positions are held on the repository's files and
// the tricky cases (TestReadersAgree), as is what each accepts: on
// degenerate input goccy places nodes a column off (a lone scalar with a
// trailing space) where the fast reader's are the text's, and refuses
// text yaml.v3 reads ("|#", a comment glued to a block scalar's header).
// Fuzzing also finds goccy's misreadings of text the fast reader reads
// right, and stops there: "0:\n-\n1:\n" (a sequence at its key's
// indentation, then a key) is two keys to yaml.v3 and the YAML spec, one
// to goccy. The fast reader reads such files; goccy reads only what it
// leaves.
func FuzzReadersAgree(f *testing.F) {
	for _, s := range tricky {
		f.Add(s)
	}
	f.Add(strings.Repeat("a: [b, {c: d}]\n", 3))
	f.Fuzz(func(t *testing.T, s string) {
		for what, o := range readers {
			if d, _ := sameReading("f.yaml", []byte(s), o, false); d != "" {
				t.Fatalf("%q as a %s: %s", s, what, d)
			}
		}
	})
}
