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

// sameReading says how the oracle's reading of data differs from Parse's,
// value for value: the shape, keys in order, scalars (value, text, quoted)
// and the findings' rules and messages; "" when they agree or the oracle
// leaves the file alone. Positions are not compared: yaml.v3 places a
// tagged node at its tag, goccy after it, and Parse's are the ones every
// golden file holds.
func sameReading(file string, data []byte, o yamltree.Options) (diff string, read bool) {
	want, wantFs, ok := yamltree.ParseOracle(file, data, o)
	if !ok {
		return "", false
	}
	got, gotFs := yamltree.Parse(file, data, o)
	if a, b := messages(gotFs), messages(wantFs); a != b {
		return fmt.Sprintf("findings\n%s\noracle\n%s", a, b), true
	}
	if got == nil {
		return "Parse read no tree; the oracle did", true
	}
	if d := testutil.ValueDiff(want.Root, got.Root); d != "" {
		return d, true
	}
	wp, gp := yamltree.Paths(want), yamltree.Paths(got)
	if len(wp) != len(gp) {
		return fmt.Sprintf("%d paths, oracle %d", len(gp), len(wp)), true
	}
	for p := range wp {
		if gp[p] == nil {
			return "no node at path " + p, true
		}
	}
	return "", true
}

// messages is the findings without their positions, sorted.
func messages(fs finding.List) string {
	var out []string
	for _, f := range fs {
		out = append(out, fmt.Sprintf("%s %s %s: %s", f.Rule, f.Severity, f.Path, f.Message))
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
// tricky cases, as a config and as a template, with Parse and with the
// oracle: wherever the oracle reads a file, the two agree value for value.
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
			d, ok := sameReading(name, data, o)
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
	t.Logf("%d files and %d cases, each read two ways: the oracle read %d of the readings", len(files), len(tricky), read)
	// Most files have none of what the oracle leaves alone: a test that
	// compared almost nothing would pass for the wrong reason.
	if read < len(files) {
		t.Errorf("the oracle read only %d of %d readings", read, 2*(len(files)+len(tricky)))
	}
}

// FuzzReadersAgree holds Parse to the oracle on any input both read.
func FuzzReadersAgree(f *testing.F) {
	for _, s := range tricky {
		f.Add(s)
	}
	f.Add(strings.Repeat("a: [b, {c: d}]\n", 3))
	f.Fuzz(func(t *testing.T, s string) {
		for what, o := range readers {
			if d, _ := sameReading("f.yaml", []byte(s), o); d != "" {
				t.Fatalf("%q as a %s: %s", s, what, d)
			}
		}
	})
}
