package cli

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/landform/landform/internal/testutil/recorded"
)

// TestPlanDenyReplace: plan --deny-replace fails (exit 1) on a change set
// that replaces a resource, names it, and leaves no change set behind; the
// answers are recorded, as moto's change sets do not report replacements.
func TestPlanDenyReplace(t *testing.T) {
	config, err := filepath.Abs("../../examples/sec/startup.yaml")
	if err != nil {
		t.Fatal(err)
	}
	const name = "acme-dev-t001-us-east-1-startup-sec-stack"
	id := "arn:aws:cloudformation:us-east-1:012345678901:stack/" + name + "/5b1c3a40-0000-11ef-9c5a-0a1b2c3d4e5f"
	template := "Resources:\n  RoleLambdaInference:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: old-name\n      AssumeRolePolicyDocument: {}\n"
	s, url := recorded.Start(t, map[string][]recorded.Answer{
		"GetCallerIdentity": {recorded.CallerIdentity("012345678901")},
		"DescribeStacks": {recorded.OK("DescribeStacks", fmt.Sprintf(`<Stacks><member><StackName>%s</StackName><StackId>%s</StackId>`+
			`<StackStatus>UPDATE_COMPLETE</StackStatus><CreationTime>2026-11-20T10:00:00.000Z</CreationTime></member></Stacks>`, name, id))},
		"GetTemplate":     {recorded.OK("GetTemplate", "<TemplateBody>"+template+"</TemplateBody>")},
		"CreateChangeSet": {recorded.OK("CreateChangeSet", `<Id>arn:aws:cloudformation:us-east-1:012345678901:changeSet/cs-1/1</Id><StackId>`+id+`</StackId>`)},
		"DescribeChangeSet": {recorded.OK("DescribeChangeSet", `<ChangeSetName>cs-1</ChangeSetName><Status>CREATE_COMPLETE</Status><ExecutionStatus>AVAILABLE</ExecutionStatus>`+
			`<Changes><member><Type>Resource</Type><ResourceChange><Action>Modify</Action><LogicalResourceId>RoleLambdaInference</LogicalResourceId>`+
			`<ResourceType>AWS::IAM::Role</ResourceType><Replacement>True</Replacement></ResourceChange></member></Changes>`)},
		"DeleteChangeSet": {recorded.OK("DeleteChangeSet", "")},
	})
	code, out, errOut := runRecorded(t, url, "plan", "-c", config, "--deny-replace")
	if code != ExitFailure || !strings.Contains(errOut, "replaces RoleLambdaInference (--deny-replace): nothing was changed") ||
		!strings.Contains(out, "RoleLambdaInference") {
		t.Errorf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	if s.Count("DeleteChangeSet") != 1 || s.Count("ExecuteChangeSet") != 0 {
		t.Errorf("%d change sets deleted, %d executed", s.Count("DeleteChangeSet"), s.Count("ExecuteChangeSet"))
	}
}
