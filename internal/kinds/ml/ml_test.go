package ml_test

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/landform/landform/internal/kinds/kindtest"

	"github.com/landform/landform/internal/cfn"
	"github.com/landform/landform/internal/finding"
	"github.com/landform/landform/internal/iam"
	"github.com/landform/landform/internal/iam/catalog"
	"github.com/landform/landform/internal/kinds"
	"github.com/landform/landform/internal/kinds/all"
	"github.com/landform/landform/internal/kinds/ml"
	"github.com/landform/landform/internal/testutil"
	"github.com/landform/landform/internal/yamltree"
)

func load(tb testing.TB, file string, data []byte, assets fs.FS) (kinds.Spec, finding.List) {
	tb.Helper()
	return kindtest.Load(tb, file, data, assets)
}

func build(tb testing.TB, s kinds.Spec) []byte {
	tb.Helper()
	return kindtest.Encode(tb, s, cfn.YAML)
}

func examples(t *testing.T) []string { return testutil.Glob(t, "../../../examples/ml/*.yaml") }

// TestExamplesGolden: every example generates the same template, review
// and operator policy as its golden files, with no finding, and its
// template passes check (which also runs the product validator) with no
// error or warning, under TemplateBody's limit.
func TestExamplesGolden(t *testing.T) {
	files := examples(t)
	if len(files) != 20 {
		t.Errorf("%d examples, want the seed's 20", len(files))
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".yaml")
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			s, found := load(t, file, data, all.Kinds.Assets(nil))
			if s == nil || len(found) > 0 {
				t.Fatalf("example has findings:\n%s", testutil.Text(found))
			}
			body := build(t, s)
			if again := build(t, s); string(again) != string(body) {
				t.Fatal("two builds of the same config differ")
			}
			if len(body) > 51200 {
				t.Errorf("template is %d bytes, over TemplateBody's 51,200", len(body))
			}
			testutil.Golden(t, filepath.Join("testdata", "golden", name+".template.yaml"), body)
			review, err := s.(kinds.Reviewer).Review(kindtest.Artifact(t, file, data).Built())
			if err != nil {
				t.Fatal(err)
			}
			testutil.Golden(t, filepath.Join("testdata", "golden", name+".review.yaml"), review.Files[0].Data)
			policy, err := s.Export("operator-policy", nil)
			if err != nil {
				t.Fatal(err)
			}
			testutil.Golden(t, filepath.Join("testdata", "golden", name+".operator-policy.json"), policy[0].Data)
			for _, f := range kindtest.Check(name+".yaml", body) {
				if f.Severity != finding.Note {
					t.Errorf("check: %s", testutil.Text(finding.List{f}))
				}
			}
		})
	}
}

// TestCounts asserts the seed's eight resource / SSM parameter counts,
// from the products as data and from the templates built.
func TestCounts(t *testing.T) {
	tests := []struct {
		tier, source, mode string
		resources, ssm     int
	}{
		{"starter", "codecommit", "", 13, 2},
		{"starter", "s3", "", 10, 1},
		{"professional", "codecommit", "", 19, 4},
		{"professional", "s3", "", 16, 3},
		{"enterprise", "codecommit", "standalone", 41, 11},
		{"enterprise", "codecommit", "sg-provisioner", 39, 10},
		{"enterprise", "s3", "standalone", 38, 10},
		{"enterprise", "s3", "sg-provisioner", 36, 9},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/%s/%s", tt.tier, tt.source, tt.mode), func(t *testing.T) {
			p, err := ml.LoadProduct(all.Kinds.Assets(nil), tt.tier)
			if err != nil {
				t.Fatal(err)
			}
			_, total, ssm := p.Counts(ml.Scenario{SourceControl: tt.source, VPCMode: tt.mode})
			if total != tt.resources || ssm != tt.ssm {
				t.Errorf("product data: %d resources / %d SSM parameters, want %d / %d", total, ssm, tt.resources, tt.ssm)
			}
			s, found := load(t, "c.yaml", []byte(config(tt.tier, tt.source, tt.mode)), all.Kinds.Assets(nil))
			if s == nil || len(found) > 0 {
				t.Fatalf("findings:\n%s", testutil.Text(found))
			}
			tmpl, err := s.Build()
			if err != nil {
				t.Fatal(err)
			}
			if got := len(tmpl.Resources); got != tt.resources {
				t.Errorf("template has %d resources, want %d", got, tt.resources)
			}
			if got := tmpl.CountByType()["AWS::SSM::Parameter"]; got != tt.ssm {
				t.Errorf("template has %d SSM parameters, want %d", got, tt.ssm)
			}
			inv := s.Inventory()
			if inv["resources"] != tt.resources || inv["ssm_parameters"] != tt.ssm {
				t.Errorf("inventory %v", inv)
			}
		})
	}
}

func config(tier, source, mode string) string {
	c := fmt.Sprintf(`kind: ml
client: {company_prefix: acme, account_id: "012345678901", tenant_id: t001}
environment: {env: dev, region: us-east-1}
ml_product: {use_case: churn, tier: %s, source_control: %s}
tags: {cost_center: cc, project: p, owner: o}
`, tier, source)
	if tier == "enterprise" {
		c += "alerts: {email: sec@example.com}\nvpc_integration:\n  mode: " + mode + "\n  vpc_source: direct\n  vpc_id: vpc-0123456789abcdef0\n  subnet_ids: [subnet-0123456789abcdef0]\n"
		if mode == "standalone" {
			c += "  vpc_cidr: 10.0.0.0/16\n"
		} else {
			c += "  security_group_id: sg-0123456789abcdef0\n"
		}
	}
	return c
}

// TestBadConfigs runs the validation corpus of testdata/bad.
func TestBadConfigs(t *testing.T) {
	testutil.BadConfigs(t, "testdata/bad/*.yaml", 12, func(tb testing.TB, file string, data []byte) finding.List {
		return kindtest.Findings(tb, file, data, nil)
	})
}

// TestOperatorPolicyLintClean holds every example's operator policy to the
// IAM lint check uses on templates. The one warning allowed is
// s3:DeleteBucket: destroy deletes the artifacts bucket, and only it.
func TestOperatorPolicyLintClean(t *testing.T) {
	lint := iam.Linter{Catalog: catalog.Default()}
	opts := yamltree.Options{Rule: func(n int) string { return fmt.Sprintf("LF-CFN-%03d", 100+n) }, What: "policy"}
	for _, file := range examples(t) {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		s, _ := load(t, file, data, all.Kinds.Assets(nil))
		files, err := s.Export("operator-policy", nil)
		if err != nil {
			t.Fatal(err)
		}
		body := string(files[0].Data)
		if strings.Contains(body, "codecommit") && !strings.Contains(body, `"arn:aws:codecommit:us-west-2:`) {
			t.Errorf("%s: CodeCommit statement not scoped by region and account", files[0].Name)
		}
		if strings.Contains(body, ":/"+s.Stem()) {
			t.Errorf("%s: CodeCommit ARN with a slash", files[0].Name)
		}
		tree, found := yamltree.Parse(files[0].Name, files[0].Data, opts)
		if tree == nil {
			t.Fatalf("%s: %v", files[0].Name, found)
		}
		for _, f := range append(found, lint.Lint(tree.Root, "", iam.Identity)...) {
			if f.Severity == finding.Note || (f.Rule == "LF-IAM-010" && strings.Contains(f.Message, "s3:DeleteBucket")) {
				continue
			}
			t.Errorf("%s: %s", files[0].Name, testutil.Text(finding.List{f}))
		}
	}
}

// BenchmarkGenerate measures load, validation (with the product
// validator) and template build of the largest enterprise example.
func BenchmarkGenerate(b *testing.B) {
	file := "../../../examples/ml/globalbank-prod-c001-us-west-2-demand-forecasting-ml-codecommit-standalone-ssm-workload.yaml"
	data, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	assets := all.Kinds.Assets(nil)
	b.Run("ml/enterprise", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			s, found := load(b, file, data, assets)
			if s == nil || found.HasErrors() {
				b.Fatal(testutil.Text(found))
			}
			build(b, s)
		}
	})
}

// TestDataLake: with data_lake, the template reads the bucket's name from
// the S3 provisioner's SSM parameter (so an estate checks something writes
// it), and in every tier the SageMaker execution role may read and write
// exactly the use case's prefix, and list only under it (the enterprise
// boundary lets it through); without data_lake no role names a data lake.
func TestDataLake(t *testing.T) {
	const param = "/s3/acme-dev-t001-us-east-1-s3/DataLakeBucketName"
	for _, tt := range []struct{ tier, mode, extra, prefix string }{
		{"starter", "", "", "solutions/churn/"},
		{"professional", "", "  prefix: solutions/churn-v2/\n", "solutions/churn-v2/"},
		{"enterprise", "standalone", "", "solutions/churn/"},
	} {
		t.Run(tt.tier, func(t *testing.T) {
			text := config(tt.tier, "codecommit", tt.mode) + "data_lake:\n  bucket_parameter: " + param + "\n" + tt.extra
			s, found := load(t, "c.yaml", []byte(text), all.Kinds.Assets(nil))
			if s == nil || len(found) > 0 {
				t.Fatalf("findings:\n%s", testutil.Text(found))
			}
			out := string(build(t, s))
			if !strings.Contains(out, "  DataLakeBucket:\n    Type: AWS::SSM::Parameter::Value<String>\n    Default: "+param+"\n") {
				t.Errorf("no DataLakeBucket parameter reading %s:\n%.600s", param, out)
			}
			objects := "Fn::Sub: arn:aws:s3:::${DataLakeBucket}/" + tt.prefix + "*"
			want := 1 // the SageMaker role's inline policy (starter) or the build policy
			if tt.tier == "enterprise" {
				want = 2 // and the boundary
			}
			if n := strings.Count(out, objects); n != want {
				t.Errorf("%q appears %d times, want %d", objects, n, want)
			}
			if strings.Count(out, "- "+tt.prefix+"*\n") != want {
				t.Errorf("ListBucket is not limited to s3:prefix %s*", tt.prefix)
			}
			if strings.Contains(out, "DataLakeBucket}/*") || strings.Contains(out, "DataLakeBucket}/solutions/*") {
				t.Errorf("a data lake grant wider than the prefix")
			}
		})
	}
	s, _ := load(t, "c.yaml", []byte(config("starter", "codecommit", "")), all.Kinds.Assets(nil))
	if strings.Contains(string(build(t, s)), "DataLake") {
		t.Error("a config without data_lake names a data lake")
	}
}

// TestTrailLogGroup: compliance.trail_log_group puts both metric filters on
// the group an existing trail feeds (and the operator may manage filters
// there); asking for it and trail: create at once is LF-ML-106 at its line.
func TestTrailLogGroup(t *testing.T) {
	base := config("enterprise", "codecommit", "standalone")
	s, found := load(t, "c.yaml", []byte(base+"compliance: {trail_log_group: /org/cloudtrail}\n"), all.Kinds.Assets(nil))
	if s == nil || len(found) > 0 {
		t.Fatalf("findings:\n%s", testutil.Text(found))
	}
	out := string(build(t, s))
	if n := strings.Count(out, "LogGroupName: /org/cloudtrail\n"); n != 2 {
		t.Errorf("%d metric filters on /org/cloudtrail, want 2", n)
	}
	if strings.Contains(out, "AWS::CloudTrail::Trail") {
		t.Error("a trail made although an existing one feeds the group")
	}
	op := compactPolicy(t, s.(interface{ OperatorPolicy() iam.Policy }).OperatorPolicy())
	if !strings.Contains(op, `log-group:/org/cloudtrail:*`) {
		t.Errorf("the operator may not put the filters on /org/cloudtrail:\n%s", op)
	}
	_, found = load(t, "c.yaml", []byte(base+"compliance:\n  trail: create\n  trail_log_group: /org/cloudtrail\n"), all.Kinds.Assets(nil))
	if len(found) != 1 || found[0].Rule != "LF-ML-106" || found[0].Pos.Line != 15 {
		t.Errorf("want LF-ML-106 at line 15, got:\n%s", testutil.Text(found))
	}
}

func compactPolicy(t *testing.T, p iam.Policy) string {
	t.Helper()
	b, err := p.JSON()
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
