package stack_test

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/landform/landform/internal/artifact"

	"github.com/landform/landform/internal/kinds/kindtest"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/aws-sdk-go-v2/service/ssm"

	"github.com/landform/landform/internal/cfn"
	"github.com/landform/landform/internal/stack"
	"github.com/landform/landform/internal/testutil/moto"
)

// These tests run the lifecycle against test/moto/server: moto 5.2.1 with
// landform's plugin, which creates IAM groups, attaches managed policies,
// emits per-resource events and rolls back failed creates as CloudFormation
// does (see test/moto/README.md). What moto still cannot answer (drift
// detection, throttling, slow stacks) is tested in recorded_test.go against
// recorded CloudFormation responses.

var fast = stack.Options{PollInterval: 20 * time.Millisecond, Timeout: time.Minute}

// example loads an example config with its account id replaced by moto's,
// so the account check passes, and returns its stack. edit, when not nil,
// rewrites the config text first.
func example(t *testing.T, name string, edit func(string) string) (stack.Stack, string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "examples", "sec", name+".yaml"))
	if err != nil {
		t.Fatal(err)
	}
	text := accountID.ReplaceAllString(string(data), `account_id: "`+moto.Account+`"`)
	if edit != nil {
		text = edit(text)
	}
	return fromConfig(t, name+".yaml", []byte(text))
}

// accountID matches a config's account id line.
var accountID = regexp.MustCompile(`account_id: "\d{12}"`)

func fromConfig(t *testing.T, file string, data []byte) (stack.Stack, string) {
	t.Helper()
	b := &artifact.Builder{Env: kindtest.Env(nil)}
	c, err := b.Build(file, data)
	if err != nil || len(c.Artifacts) != 1 {
		t.Fatalf("building %s: %v %v", file, err, c.Findings)
	}
	a := c.Artifacts[0]
	return stack.Stack{Name: a.StackName, Stem: a.Stem, Body: a.Body, Send: a.Send, Template: a.Doc(),
		Resources: len(a.Template.Resources), Outputs: len(a.Template.Outputs), Account: a.Target.Account,
		Bucket: a.Unit.TemplateBucket(), Prefix: a.Target.TemplatePrefix, Tags: a.Target.Tags, OutputsPath: a.Target.OutputsPath}, a.Target.Region
}

// ready fills in what the artifact stage decides for a stack written by
// hand in a test: how its body is sent, and its decoded template.
func ready(t *testing.T, st stack.Stack) stack.Stack {
	t.Helper()
	tree, fs := cfn.Parse(st.Name+".yaml", st.Body)
	if tree == nil || fs.HasErrors() {
		t.Fatalf("test template of %s: %v", st.Name, fs)
	}
	st.Send, st.Template = cfn.Sending(st.Body, tree), tree.Root.Interface()
	return st
}

// widenViewers gives the viewers' group s3/level2 (read and write) instead
// of s3/level1 (read).
func widenViewers(t *testing.T) func(string) string {
	return func(s string) string {
		re := regexp.MustCompile(`(- name: viewers\n.*\n\s+managed_policies: \[)s3/level1,`)
		if !re.MatchString(s) {
			t.Fatal("no viewers group with s3/level1 in the example")
		}
		return re.ReplaceAllString(s, "${1}s3/level2,")
	}
}

// prefixOf is the IAM name prefix of a sec stack: {company}-{env}-{tenant}.
func prefixOf(st stack.Stack) string {
	parts := strings.Split(st.Stem, "-")
	return strings.Join(parts[:3], "-")
}

func createBucket(t *testing.T, c *s3.Client, bucket, region string) {
	t.Helper()
	in := &s3.CreateBucketInput{Bucket: aws.String(bucket)}
	if region != "us-east-1" {
		in.CreateBucketConfiguration = &s3types.CreateBucketConfiguration{LocationConstraint: s3types.BucketLocationConstraint(region)}
	}
	if _, err := c.CreateBucket(context.Background(), in); err != nil {
		t.Fatalf("creating bucket %s: %v", bucket, err)
	}
}

// changeSetRequests returns the bodies of the CreateChangeSet calls moto
// recorded.
func changeSetRequests(reqs []moto.Request) []string {
	var out []string
	for _, r := range reqs {
		if strings.Contains(r.Body, "Action=CreateChangeSet") {
			body, err := url.QueryUnescape(r.Body)
			if err != nil {
				body = r.Body
			}
			out = append(out, body)
		}
	}
	return out
}

func countStatus(events []stack.Event, status string) int {
	n := 0
	for _, e := range events {
		if e.Status == status {
			n++
		}
	}
	return n
}

// parameters lists the SSM parameter names directly under path.
func parameters(t *testing.T, c *ssm.Client, path string) []string {
	t.Helper()
	var names []string
	p := ssm.NewGetParametersByPathPaginator(c, &ssm.GetParametersByPathInput{Path: aws.String(path)})
	for p.HasMorePages() {
		out, err := p.NextPage(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		for _, prm := range out.Parameters {
			names = append(names, aws.ToString(prm.Name))
		}
	}
	return names
}

func outputsWith(outputs map[string]string, substr string) []string {
	var out []string
	for _, v := range outputs {
		if strings.Contains(v, substr) {
			out = append(out, v)
		}
	}
	return out
}

func hasPolicy(att *iam.ListAttachedGroupPoliciesOutput, suffix string) bool {
	for _, p := range att.AttachedPolicies {
		if strings.HasSuffix(aws.ToString(p.PolicyName), suffix) {
			return true
		}
	}
	return false
}
